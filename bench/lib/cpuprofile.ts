// Summarizes a V8 .cpuprofile (node --cpu-prof): self and inclusive time per
// function, optionally within a time window of the profile.

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionCost {
  name: string;
  selfMs: number;
  totalMs: number;
}

/** "fn file.js:line" with the path shortened after the last dist/ or node_modules/. */
export function frameLabel(f: CallFrame): string {
  const url = f.url.replace(/^file:\/\//, '').replace(/^.*\/(dist|node_modules)\//, '$1/');
  return `${f.functionName || '(anonymous)'}${url ? ` ${url}:${f.lineNumber + 1}` : ''}`;
}

/** Per-function self and inclusive ms over samples taken between fromMs and toMs after the profile's start. */
export function functionCosts(p: CpuProfile, fromMs = 0, toMs = Infinity): { costs: FunctionCost[]; sampledMs: number } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let t = 0;
  let sampledMs = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] / 1000;
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    if (t < fromMs || t > toMs) continue;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
    sampledMs += dt;
  }
  const costs = new Map<string, FunctionCost>();
  const cost = (label: string): FunctionCost => {
    let c = costs.get(label);
    if (!c) costs.set(label, (c = { name: label, selfMs: 0, totalMs: 0 }));
    return c;
  };
  for (const [id, ms] of self) {
    const leaf = byId.get(id)!;
    cost(frameLabel(leaf.callFrame)).selfMs += ms;
    // Inclusive: every distinct function on the stack gets the sample once (recursion counted once).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const label = frameLabel(byId.get(cur)!.callFrame);
      if (seen.has(label)) continue;
      seen.add(label);
      cost(label).totalMs += ms;
    }
  }
  return { costs: [...costs.values()], sampledMs };
}
