// The framework runtime: builds a profile's plugins from the registry and runs
// them at each extension point, as kube-scheduler's frameworkImpl does.
import { CycleState } from './cycle-state.js';
import {
  type BindPlugin, type FilterPlugin, type Handle, isBind, isFilter, isPermit, isPostFilter, isPreFilter, isPreScore, isReserve, isScore,
  MAX_NODE_SCORE, MIN_NODE_SCORE, type NodeScore, type PermitPlugin, type Plugin, type PluginFactory, type PostFilterPlugin,
  type PostFilterResult, type PreFilterPlugin, type PreScorePlugin, type ReservePlugin, type ScorePlugin,
} from './interfaces.js';
import type { NodeInfo, Snapshot } from './node-info.js';
import { Code, isSuccess, Status } from './status.js';
import type { Pod } from './types.js';

export interface PluginConfig {
  name: string;
  /** Score weight (default 1). */
  weight?: number;
  args?: Record<string, unknown>;
}

export class UnknownPluginError extends Error {
  constructor(readonly plugin: string) {
    super(`plugin "${plugin}" is not in the registry`);
    this.name = 'UnknownPluginError';
  }
}

export class InvalidScoreError extends Error {
  constructor(readonly plugin: string, readonly node: string, readonly score: number) {
    super(`plugin "${plugin}" returns an invalid score ${score} for node "${node}", it should be in the range [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`);
    this.name = 'InvalidScoreError';
  }
}

export class Framework {
  readonly plugins: Plugin[] = [];
  private readonly weights = new Map<string, number>();
  readonly preFilter: PreFilterPlugin[];
  readonly filter: FilterPlugin[];
  readonly postFilter: PostFilterPlugin[];
  readonly preScore: PreScorePlugin[];
  readonly score: ScorePlugin[];
  readonly reserve: ReservePlugin[];
  readonly permit: PermitPlugin[];
  readonly bind: BindPlugin[];

  constructor(registry: Record<string, PluginFactory>, config: PluginConfig[], readonly handle: Handle) {
    for (const c of config) {
      const factory = registry[c.name];
      if (!factory) throw new UnknownPluginError(c.name);
      this.plugins.push(factory(c.args ?? {}, handle));
      this.weights.set(c.name, c.weight ?? 1);
    }
    this.preFilter = this.plugins.filter(isPreFilter);
    this.filter = this.plugins.filter(isFilter);
    this.postFilter = this.plugins.filter(isPostFilter);
    this.preScore = this.plugins.filter(isPreScore);
    this.score = this.plugins.filter(isScore);
    this.reserve = this.plugins.filter(isReserve);
    this.permit = this.plugins.filter(isPermit);
    this.bind = this.plugins.filter(isBind);
  }

  newCycleState(): CycleState {
    return new CycleState();
  }

  /** The first non-success status of PreFilter (an Error or a rejection for every node). */
  runPreFilter(state: CycleState, pod: Pod, snapshot: Snapshot): Status | undefined {
    for (const p of this.preFilter) {
      const s = p.preFilter(state, pod, snapshot);
      if (s && s.code !== Code.Success && s.code !== Code.Skip) return s.withPlugin(p.name);
    }
    return undefined;
  }

  /** Runs Filter plugins in order; stops at the first that does not pass. */
  runFilter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    for (const p of this.filter) {
      const s = p.filter(state, pod, node);
      if (!isSuccess(s)) return s!.withPlugin(p.name);
    }
    return undefined;
  }

  async runPostFilter(state: CycleState, pod: Pod, statuses: Map<string, Status>): Promise<PostFilterResult> {
    const reasons: string[] = [];
    for (const p of this.postFilter) {
      const r = await p.postFilter(state, pod, statuses);
      if (r.status.isSuccess()) return r;
      if (r.status.code === Code.Error) return r;
      reasons.push(...r.status.reasons);
    }
    return { status: new Status(Code.Unschedulable, reasons) };
  }

  /** Weighted totals per node. */
  runScore(state: CycleState, pod: Pod, nodes: NodeInfo[], snapshot: Snapshot): NodeScore[] {
    const skipped = new Set<string>();
    for (const p of this.preScore) {
      const s = p.preScore(state, pod, nodes, snapshot);
      if (s?.code === Code.Skip) skipped.add(p.name);
      else if (!isSuccess(s)) throw new Error(`prescore plugin ${p.name}: ${s!.message()}`);
    }
    const totals = nodes.map((n) => ({ name: n.name, score: 0 }));
    for (const p of this.score) {
      if (skipped.has(p.name)) continue;
      const scores = nodes.map((n) => ({ name: n.name, score: p.score(state, pod, n) }));
      p.normalizeScore?.(state, pod, scores);
      const w = this.weights.get(p.name) ?? 1;
      scores.forEach((s, i) => {
        if (s.score < MIN_NODE_SCORE || s.score > MAX_NODE_SCORE || Number.isNaN(s.score)) throw new InvalidScoreError(p.name, s.name, s.score);
        totals[i].score += s.score * w;
      });
    }
    return totals;
  }

  runReserve(state: CycleState, pod: Pod, nodeName: string): Status | undefined {
    for (let i = 0; i < this.reserve.length; i++) {
      const s = this.reserve[i].reserve(state, pod, nodeName);
      if (!isSuccess(s)) {
        this.runUnreserve(state, pod, nodeName);
        return s!.withPlugin(this.reserve[i].name);
      }
    }
    return undefined;
  }

  runUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (const p of [...this.reserve].reverse()) p.unreserve(state, pod, nodeName);
  }

  runPermit(state: CycleState, pod: Pod, nodeName: string): Status | undefined {
    for (const p of this.permit) {
      const s = p.permit(state, pod, nodeName);
      if (!isSuccess(s)) return s!.code === Code.Wait ? Status.unschedulable(`plugin ${p.name} asked to wait, which is not supported`).withPlugin(p.name) : s!.withPlugin(p.name);
    }
    return undefined;
  }

  async runBind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    for (const p of this.bind) {
      const s = await p.bind(state, pod, nodeName);
      if (s?.code === Code.Skip) continue;
      return s?.withPlugin(p.name);
    }
    return Status.error(`no bind plugin bound pod ${pod.metadata?.name}`);
  }
}
