// What the sync functions need from the controller: the API, events, a
// clock, the replica set cache and the queue (for progress-deadline
// re-checks). Unit tests build one over the fake client.
import type { Recorder } from '../../agent/events.js';
import type { ResourceClient } from '../../client/types.js';
import { ownerObjectRef } from '../pod-control.js';
import { type Deployment, DEPLOYMENTS } from './types.js';

export interface SyncEnv {
  client: ResourceClient;
  recorder: Recorder;
  now(): Date;
  enqueueAfter(d: Deployment, delayMs: number): void;
  enqueueRateLimited(d: Deployment): void;
}

export function deploymentRef(d: Deployment) {
  return ownerObjectRef(d, 'Deployment', 'apps/v1');
}

export function event(env: SyncEnv, d: Deployment, type: 'Normal' | 'Warning', reason: string, message: string): void {
  env.recorder.event(deploymentRef(d), type, reason, message);
}

/**
 * UpdateStatus of `d` (status, plus the annotations the status endpoint also
 * takes, e.g. the revision). `d` picks up the new resourceVersion so later
 * writes in the same sync do not conflict with our own.
 */
export async function updateDeploymentStatus(env: SyncEnv, d: Deployment): Promise<void> {
  const out = await env.client.update<Deployment>(DEPLOYMENTS, String(d.metadata?.namespace), d, { subresource: 'status' });
  d.metadata!.resourceVersion = out.metadata?.resourceVersion;
}
