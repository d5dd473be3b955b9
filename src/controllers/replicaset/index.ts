// ReplicaSet and ReplicationController controllers: one implementation, two kinds.
import type { ControllerFactory } from '../types.js';
import { ReplicaSetController } from './controller.js';
import { REPLICA_SET_KIND, REPLICATION_CONTROLLER_KIND } from './kinds.js';

export const controllers: Record<string, ControllerFactory> = {
  replicaset: (ctx) => new ReplicaSetController(ctx, REPLICA_SET_KIND),
  replicationcontroller: (ctx) => new ReplicaSetController(ctx, REPLICATION_CONTROLLER_KIND),
};
