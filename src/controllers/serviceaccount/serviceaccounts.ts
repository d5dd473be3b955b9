// The ServiceAccount controller (upstream pkg/controller/serviceaccount):
// ensures every active namespace has a `default` ServiceAccount, re-creating
// it when deleted.
import type { KubeObject } from '../../apiserver/types.js';
import type { SharedInformer } from '../../client/informer.js';
import type { GVR } from '../../client/types.js';
import type { Controller, ControllerContext } from '../types.js';
import { ignorableCreateError, NamespaceController } from './namespace-queue.js';

export const SERVICEACCOUNTS: GVR = { group: '', version: 'v1', resource: 'serviceaccounts' };
export const MANAGED_SERVICE_ACCOUNTS = ['default'];

export class ServiceAccountsController extends NamespaceController {
  readonly name = 'serviceaccount';
  private readonly accounts: SharedInformer<KubeObject>;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.accounts = ctx.informers.informer(SERVICEACCOUNTS);
  }

  protected watched(): Array<SharedInformer<KubeObject>> {
    this.accounts.addEventHandler({
      delete: (sa) => {
        if (MANAGED_SERVICE_ACCOUNTS.includes(String(sa.metadata?.name))) this.workers.queue.add(String(sa.metadata?.namespace));
      },
    });
    return [this.accounts];
  }

  protected async sync(namespace: string): Promise<void> {
    if (!this.activeNamespace(namespace)) return;
    for (const name of MANAGED_SERVICE_ACCOUNTS) {
      if (this.accounts.get(`${namespace}/${name}`)) continue;
      try {
        await this.ctx.client.create(SERVICEACCOUNTS, namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
      } catch (e) {
        if (!ignorableCreateError(e)) throw e;
      }
    }
  }
}

export function createServiceAccountsController(ctx: ControllerContext): Controller {
  return new ServiceAccountsController(ctx);
}
