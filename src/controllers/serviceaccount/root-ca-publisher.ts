// root-ca-cert-publisher (upstream pkg/controller/certificates/rootcacertpublisher):
// a `kube-root-ca.crt` ConfigMap with key `ca.crt` in every active namespace,
// restored when edited or deleted. Skiff's API server has no TLS (so no CA)
// yet: the controller publishes only when ctx.options carries `rootCaFile`.
import { readFileSync } from 'node:fs';
import type { KubeObject } from '../../apiserver/types.js';
import type { SharedInformer } from '../../client/informer.js';
import { CONFIGMAPS } from '../../client/gvr.js';
import { isNotFound } from '../../client/errors.js';
import type { Controller, ControllerContext } from '../types.js';
import { ignorableCreateError, NamespaceController } from './namespace-queue.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

export class RootCaPublisher extends NamespaceController {
  readonly name = 'root-ca-cert-publisher';
  private readonly configmaps: SharedInformer<ConfigMap>;

  constructor(
    ctx: ControllerContext,
    private readonly ca: string,
  ) {
    super(ctx);
    this.configmaps = ctx.informers.informer<ConfigMap>(CONFIGMAPS);
  }

  protected watched(): Array<SharedInformer<KubeObject>> {
    const enqueue = (cm: KubeObject): void => {
      if (cm.metadata?.name === ROOT_CA_CONFIGMAP) this.workers.queue.add(String(cm.metadata?.namespace));
    };
    this.configmaps.addEventHandler({ update: (_o, cm) => enqueue(cm), delete: enqueue });
    return [this.configmaps];
  }

  protected async sync(namespace: string): Promise<void> {
    if (!this.activeNamespace(namespace)) return;
    const cm = this.configmaps.get(`${namespace}/${ROOT_CA_CONFIGMAP}`);
    if (!cm) {
      const obj: ConfigMap = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
        data: { 'ca.crt': this.ca },
      };
      try {
        await this.ctx.client.create(CONFIGMAPS, namespace, obj);
      } catch (e) {
        if (!ignorableCreateError(e)) throw e;
      }
      return;
    }
    const data = cm.data ?? {};
    const annotations = cm.metadata?.annotations ?? {};
    if (Object.keys(data).length === 1 && data['ca.crt'] === this.ca && annotations[DESCRIPTION_ANNOTATION] === DESCRIPTION) return;
    const next: ConfigMap = { ...cm, metadata: { ...cm.metadata, annotations: { ...annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data: { 'ca.crt': this.ca } };
    try {
      await this.ctx.client.update(CONFIGMAPS, namespace, next);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/** A controller that does nothing (no CA to publish). */
class Idle implements Controller {
  readonly name = 'root-ca-cert-publisher';
  run(): void {}
  async stop(): Promise<void> {}
}

export function createRootCaPublisher(ctx: ControllerContext): Controller {
  const file = (ctx.options as { rootCaFile?: string }).rootCaFile;
  if (!file) {
    ctx.log('root-ca-cert-publisher: no rootCaFile (the API server has no CA yet); not publishing kube-root-ca.crt');
    return new Idle();
  }
  return new RootCaPublisher(ctx, readFileSync(file, 'utf8'));
}
