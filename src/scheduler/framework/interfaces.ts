// Extension points of the scheduling framework (kube-scheduler's
// framework/interface.go): each plugin implements the ones it needs.
import type { ResourceClient } from '../../client/types.js';
import type { CycleState } from './cycle-state.js';
import type { NodeInfo, Snapshot } from './node-info.js';
import type { Status } from './status.js';
import type { Pod } from './types.js';

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  readonly name: string;
}

export interface PreFilterPlugin extends Plugin {
  /** Computes cycle state for Filter; a rejection here fails the pod on every node. */
  preFilter(state: CycleState, pod: Pod, snapshot: Snapshot): Status | undefined;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined;
}

export interface PostFilterResult {
  status: Status;
  nominatedNodeName?: string;
}

export interface PostFilterPlugin extends Plugin {
  /** Runs when no node fits (e.g. preemption); `statuses` is each node's Filter result. */
  postFilter(state: CycleState, pod: Pod, statuses: Map<string, Status>): Promise<PostFilterResult>;
}

export interface PreScorePlugin extends Plugin {
  /** Status Skip leaves this plugin's Score out. */
  preScore(state: CycleState, pod: Pod, nodes: NodeInfo[], snapshot: Snapshot): Status | undefined;
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, node: NodeInfo): number;
  /** Scales this plugin's scores into [0, 100] in place. */
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status | undefined;
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

export interface PermitPlugin extends Plugin {
  /** Success to allow, a rejection to deny (Wait is not supported yet and counts as a denial). */
  permit(state: CycleState, pod: Pod, nodeName: string): Status | undefined;
}

export interface BindPlugin extends Plugin {
  /** Skip lets the next bind plugin handle the pod. */
  bind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined>;
}

/** What plugins may use from the running scheduler. */
export interface Handle {
  client: ResourceClient;
  schedulerName: string;
  /** The snapshot of the current cycle. */
  snapshot(): Snapshot;
  /** A namespace's labels (for namespaceSelector in affinity terms), undefined when unknown. */
  namespaceLabels(namespace: string): Record<string, string> | undefined;
}

export type PluginFactory = (args: Record<string, unknown>, handle: Handle) => Plugin;

const has = (p: Plugin, m: string): boolean => typeof (p as unknown as Record<string, unknown>)[m] === 'function';
export const isPreFilter = (p: Plugin): p is PreFilterPlugin => has(p, 'preFilter');
export const isFilter = (p: Plugin): p is FilterPlugin => has(p, 'filter');
export const isPostFilter = (p: Plugin): p is PostFilterPlugin => has(p, 'postFilter');
export const isPreScore = (p: Plugin): p is PreScorePlugin => has(p, 'preScore');
export const isScore = (p: Plugin): p is ScorePlugin => has(p, 'score');
export const isReserve = (p: Plugin): p is ReservePlugin => has(p, 'reserve');
export const isPermit = (p: Plugin): p is PermitPlugin => has(p, 'permit');
export const isBind = (p: Plugin): p is BindPlugin => has(p, 'bind');

/** Filtering a pod against one node of a hypothetical snapshot (used by preemption). */
export interface FilterRunner {
  /** Runs PreFilter on `snapshot` and Filter on its node `nodeName`. */
  fitsOn(pod: Pod, snapshot: Snapshot, nodeName: string): Status | undefined;
}
