// ServiceAccount controllers: the `default` ServiceAccount per namespace and the kube-root-ca.crt publisher.
import type { ControllerFactory } from '../types.js';
import { createRootCaPublisher } from './root-ca-publisher.js';
import { createServiceAccountsController } from './serviceaccounts.js';

export const controllers: Record<string, ControllerFactory> = {
  serviceaccount: createServiceAccountsController,
  'root-ca-cert-publisher': createRootCaPublisher,
};
