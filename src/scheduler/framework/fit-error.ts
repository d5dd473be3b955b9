// The "0/3 nodes are available: …" message, as upstream's FitError.Error():
// the PreFilter message, or a sorted histogram of per-node Filter reasons,
// then the PostFilter (preemption) message, each followed by a period.
import type { Status } from './status.js';

export class FitError extends Error {
  constructor(
    readonly numAllNodes: number,
    readonly statuses: Map<string, Status>,
    readonly preFilterMsg = '',
    public postFilterMsg = '',
    /** A node preemption freed for this pod (status.nominatedNodeName); '' clears it. */
    public nominatedNodeName?: string,
  ) {
    super();
    this.name = 'FitError';
  }

  override get message(): string {
    return fitErrorMessage(this.numAllNodes, this.statuses, this.preFilterMsg, this.postFilterMsg);
  }

  override set message(_v: string) {
    // computed
  }
}

export function fitErrorMessage(numAllNodes: number, statuses: Map<string, Status>, preFilterMsg = '', postFilterMsg = ''): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const counts = new Map<string, number>();
    for (const s of statuses.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort();
    if (parts.length) msg += ` ${parts.join(', ')}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}.`;
  return msg;
}
