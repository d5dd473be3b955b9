// The ServiceLB controller (k3s's klipper-lb, without its DaemonSets): a
// LoadBalancer Service without a loadBalancerClass gets the nodes' addresses
// as status.loadBalancer.ingress; the node agents' proxy then answers its
// ports on every node address. A Service that loses a port conflict stays
// Pending with a Warning event; one that stops being a LoadBalancer loses its
// ingress addresses.
import type { KubeObject } from '../../apiserver/types.js';
import type { Recorder } from '../../agent/events.js';
import type { SharedInformer } from '../../client/informer.js';
import { NODES, SERVICES } from '../../client/gvr.js';
import { ownerObjectRef } from '../pod-control.js';
import type { Controller, ControllerContext } from '../types.js';
import { QueueWorkers } from '../worker.js';
import { conflictingPorts, servedByServiceLB, type Service } from './ports.js';

type Node = KubeObject & { spec?: { unschedulable?: boolean }; status?: { addresses?: Array<{ type: string; address: string }>; conditions?: Array<{ type: string; status: string }> } };

/** A node's address for clients: ExternalIP when it has one, else InternalIP (as k3s picks them). */
export function nodeIngressIPs(nodes: Node[]): string[] {
  const ips = new Set<string>();
  for (const n of nodes) {
    const addrs = n.status?.addresses ?? [];
    const ext = addrs.filter((a) => a.type === 'ExternalIP');
    for (const a of ext.length ? ext : addrs.filter((x) => x.type === 'InternalIP')) ips.add(a.address);
  }
  return [...ips].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export class ServiceLBController implements Controller {
  readonly name = 'servicelb';
  private readonly services: SharedInformer<Service>;
  private readonly nodes: SharedInformer<Node>;
  private readonly workers: QueueWorkers;
  private readonly recorder: Recorder;

  constructor(private readonly ctx: ControllerContext) {
    this.services = ctx.informers.informer<Service>(SERVICES);
    this.nodes = ctx.informers.informer<Node>(NODES);
    this.workers = new QueueWorkers(this.name, (k) => this.sync(k), ctx.log);
    this.recorder = ctx.recorder('service-lb-controller');
  }

  run(): void {
    const key = (s: Service): string => `${s.metadata?.namespace}/${s.metadata?.name}`;
    const enqueueAll = (): void => {
      for (const s of this.services.list()) if (servedByServiceLB(s) || s.status?.loadBalancer?.ingress?.length) this.workers.queue.add(key(s));
    };
    this.services.addEventHandler({
      add: (s) => this.workers.queue.add(key(s)),
      update: (_o, s) => this.workers.queue.add(key(s)),
      // A deleted Service may free a port another one waits for.
      delete: () => enqueueAll(),
    });
    this.nodes.addEventHandler({
      add: enqueueAll,
      update: (o, n) => {
        if (JSON.stringify(o.status?.addresses) !== JSON.stringify(n.status?.addresses)) enqueueAll();
      },
      delete: enqueueAll,
    });
    this.workers.start(this.ctx.options.workers ?? 2);
  }

  async stop(): Promise<void> {
    await this.workers.stop();
  }

  private async sync(key: string): Promise<void> {
    const svc = this.services.get(key);
    if (!svc) return;
    const current = svc.status?.loadBalancer?.ingress ?? [];
    let want: Array<{ ip: string }> = [];
    if (servedByServiceLB(svc)) {
      const conflicts = conflictingPorts(svc, this.services.list());
      if (conflicts.length) {
        this.recorder.event(ownerObjectRef(svc, 'Service', 'v1'), 'Warning', 'SyncLoadBalancerFailed',
          `ports ${conflicts.join(', ')} are already served by an older LoadBalancer Service; this one stays pending`);
      } else {
        want = nodeIngressIPs(this.nodes.list()).map((ip) => ({ ip }));
      }
    } else if (svc.spec?.type === 'LoadBalancer') {
      return; // another load balancer's Service (loadBalancerClass): not ours to touch
    }
    if (JSON.stringify(current) === JSON.stringify(want)) return;
    const ns = String(svc.metadata?.namespace);
    await this.ctx.client.update(SERVICES, ns, { ...svc, status: { ...svc.status, loadBalancer: want.length ? { ingress: want } : {} } }, { subresource: 'status' });
    if (want.length) {
      this.recorder.event(ownerObjectRef(svc, 'Service', 'v1'), 'Normal', 'UpdatedLoadBalancer', `Updated LoadBalancer with new IPs: ${want.map((w) => w.ip).join(', ')}`);
    }
  }
}

export function createServiceLBController(ctx: ControllerContext): Controller {
  return new ServiceLBController(ctx);
}
