// The taint eviction controller: watches nodes' NoExecute taints and the
// pods bound to them, and hands each pod to the TaintEvictionManager.
import { NODES, PODS } from '../../client/gvr.js';
import type { Controller, ControllerContext } from '../types.js';
import type { Pod } from './mark-pods.js';
import type { Node } from './node-taints.js';
import { TaintEvictionManager } from './taint-eviction.js';
import { noExecuteTaints, type Taint } from './taints.js';

export const POD_NODE_INDEX = 'nodelifecycle:nodeName';
export const podNodeIndex = (p: Pod): string[] => (p.spec?.nodeName ? [p.spec.nodeName] : []);

const taintsKey = (t: Taint[]): string => JSON.stringify(t.map((x) => [x.key, x.value ?? '', x.effect]).sort());

export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  readonly manager: TaintEvictionManager;
  private readonly nodeTaints = new Map<string, Taint[]>();

  constructor(private readonly ctx: ControllerContext) {
    this.manager = new TaintEvictionManager(ctx.client, ctx.recorder('taint-eviction-controller'), ctx.log);
  }

  run(): void {
    const pods = this.ctx.informers.informer<Pod>(PODS);
    const nodes = this.ctx.informers.informer<Node>(NODES);
    pods.addIndex(POD_NODE_INDEX, podNodeIndex);
    const onNode = (node: Node): void => {
      const name = String(node.metadata?.name);
      const taints = noExecuteTaints(node.spec?.taints);
      const before = this.nodeTaints.get(name);
      if (before && taintsKey(before) === taintsKey(taints)) return;
      if (taints.length) this.nodeTaints.set(name, taints);
      else this.nodeTaints.delete(name);
      if (!before && taints.length === 0) return;
      for (const pod of pods.byIndex(POD_NODE_INDEX, name)) this.manager.process(pod, taints);
    };
    nodes.addEventHandler({
      add: onNode,
      update: (_o, n) => onNode(n),
      delete: (n) => onNode({ ...n, spec: { ...n.spec, taints: [] } }),
    });
    const onPod = (pod: Pod): void => this.manager.process(pod, this.nodeTaints.get(pod.spec?.nodeName ?? '') ?? []);
    pods.addEventHandler({
      add: onPod,
      update: (o, n) => {
        if (o.spec?.nodeName && o.spec.nodeName !== n.spec?.nodeName) this.manager.forget(o);
        onPod(n);
      },
      delete: (p) => this.manager.forget(p),
    });
  }

  async stop(): Promise<void> {
    await this.manager.stop();
  }
}
