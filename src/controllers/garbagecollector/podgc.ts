// Pod garbage collection (upstream pkg/controller/podgc): every period,
// deletes terminated pods beyond a threshold (evicted and oldest first),
// pods bound to nodes that no longer exist (after a quarantine, confirmed by
// a live GET, marked Failed with a DisruptionTarget condition) and unscheduled
// pods stuck terminating. Deletes use grace period 0, as upstream.
import type { KubeObject } from '../../apiserver/types.js';
import { isNotFound } from '../../client/errors.js';
import { NODES, PODS } from '../../client/gvr.js';
import { objectKey } from '../../client/types.js';
import type { Controller, ControllerContext } from '../types.js';
import { whenSynced } from './synced.js';
import { timestamp } from '../../apiserver/registry/meta.js';

/** Optional tunables read from ctx.options (not declared in ControllerOptions). */
export interface PodGcOptions {
  /** How often to collect (default 20 s, upstream's gcCheckPeriod). */
  podGcPeriodMs?: number;
  /** How long a node must be missing before its pods are deleted (default 40 s). */
  podGcQuarantineMs?: number;
  /** Terminated pods kept before the oldest are deleted (default 12500; 0 disables). */
  terminatedPodGcThreshold?: number;
}

interface PodShape extends KubeObject {
  spec?: { nodeName?: string };
  status?: { phase?: string; reason?: string; conditions?: Array<{ type?: string; [k: string]: unknown }> };
}

const isTerminated = (p: PodShape): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Evicted pods first, then oldest first (upstream's byEvictionAndCreationTimestamp). */
export function terminatedToDelete(pods: PodShape[], threshold: number): PodShape[] {
  if (threshold <= 0) return [];
  const terminated = pods.filter(isTerminated);
  const excess = terminated.length - threshold;
  if (excess <= 0) return [];
  const evicted = (p: PodShape): number => (p.status?.reason === 'Evicted' ? 0 : 1);
  const created = (p: PodShape): string => String(p.metadata?.creationTimestamp ?? '');
  terminated.sort((a, b) => evicted(a) - evicted(b) || (created(a) < created(b) ? -1 : created(a) > created(b) ? 1 : objectKey(a) < objectKey(b) ? -1 : 1));
  return terminated.slice(0, excess);
}

export class PodGC implements Controller {
  readonly name = 'podgc';
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** Node name → when we first saw pods bound to it while it was missing. */
  private readonly missingSince = new Map<string, number>();
  private readonly o: Required<PodGcOptions>;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly now: () => number = Date.now,
  ) {
    const opts = ctx.options as PodGcOptions;
    this.o = { podGcPeriodMs: opts.podGcPeriodMs ?? 20_000, podGcQuarantineMs: opts.podGcQuarantineMs ?? 40_000, terminatedPodGcThreshold: opts.terminatedPodGcThreshold ?? 12_500 };
  }

  run(): void {
    const pods = this.ctx.informers.informer<PodShape>(PODS);
    const nodes = this.ctx.informers.informer(NODES);
    void whenSynced([pods, nodes], () => this.stopped).then((ok) => {
      if (!ok) return;
      const tick = (): void => {
        if (this.running) return;
        this.running = this.collect().catch((e: Error) => this.ctx.log(`podgc: ${e.message}`)).finally(() => (this.running = undefined));
      };
      tick();
      this.timer = setInterval(tick, this.o.podGcPeriodMs);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One collection pass (exported for tests through the instance). */
  async collect(): Promise<void> {
    const pods = this.ctx.informers.informer<PodShape>(PODS).list();
    for (const p of terminatedToDelete(pods, this.o.terminatedPodGcThreshold)) await this.deletePod(p);
    await this.collectOrphaned(pods);
    for (const p of pods) if (p.metadata?.deletionTimestamp && !p.spec?.nodeName) await this.deletePod(p);
  }

  private async collectOrphaned(pods: PodShape[]): Promise<void> {
    const nodes = this.ctx.informers.informer(NODES);
    const missing = new Set<string>();
    for (const p of pods) {
      const node = p.spec?.nodeName;
      if (node && !nodes.get(node)) missing.add(node);
    }
    for (const n of [...this.missingSince.keys()]) if (!missing.has(n)) this.missingSince.delete(n);
    const now = this.now();
    for (const node of missing) {
      const since = this.missingSince.get(node);
      if (since === undefined) {
        this.missingSince.set(node, now);
        continue;
      }
      if (now - since < this.o.podGcQuarantineMs) continue;
      if (await this.nodeExists(node)) {
        this.missingSince.delete(node);
        continue;
      }
      for (const p of pods) {
        if (p.spec?.nodeName !== node) continue;
        this.ctx.log(`podgc: deleting pod ${objectKey(p)} bound to missing node ${node}`);
        await this.deletePod(p, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' });
      }
    }
  }

  private async nodeExists(name: string): Promise<boolean> {
    try {
      await this.ctx.client.get(NODES, '', name);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  /** upstream markFailedAndDeletePodWithCondition: a running pod is marked Failed first; then deleted at once. */
  private async deletePod(p: PodShape, condition?: Record<string, string>): Promise<void> {
    const ns = p.metadata?.namespace ?? '';
    const name = String(p.metadata?.name);
    try {
      if (!isTerminated(p)) {
        const conditions = (p.status?.conditions ?? []).filter((c) => c.type !== condition?.type);
        if (condition) conditions.push({ ...condition, lastTransitionTime: timestamp(new Date(this.now())) });
        await this.ctx.client.patch(PODS, ns, name, 'merge', { status: { phase: 'Failed', conditions } }, { subresource: 'status' });
      }
      await this.ctx.client.delete(PODS, ns, name, { gracePeriodSeconds: 0, preconditions: { uid: p.metadata?.uid } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

export function createPodGC(ctx: ControllerContext): Controller {
  return new PodGC(ctx);
}
