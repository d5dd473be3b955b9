// Completion indexes of Indexed Jobs (upstream indexed_job_utils):
// status.completedIndexes as a compressed list of ranges ("1,3-5,7"), which
// indexes still need a pod, and the pod template changes per index.
import type { PodTemplate } from '../pod-control.js';
import { completionIndex, hasTrackingFinalizer } from './pods.js';
import { COMPLETION_INDEX_ANNOTATION, type Job, JOB_COMPLETION_INDEX_ENV, type Pod } from './types.js';

/** Sorted, de-duplicated indexes below `completions` from a "1,3-5" string; malformed parts are skipped. */
export function parseIndexes(text: string | undefined, completions: number): number[] {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    for (let i = lo; i <= hi && i < completions; i++) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}

/** Compressed form: every run of consecutive indexes (two or more) becomes "a-b". */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * Indexes already counted in status plus those of succeeded pods not yet
 * counted (still carrying the tracking finalizer).
 */
export function succeededIndexes(job: Job, pods: Pod[]): { prev: Set<number>; all: Set<number> } {
  const completions = job.spec?.completions ?? 0;
  const prev = new Set(parseIndexes(job.status?.completedIndexes, completions));
  const all = new Set(prev);
  for (const p of pods) {
    const ix = completionIndex(p);
    if (p.status?.phase === 'Succeeded' && ix >= 0 && ix < completions && hasTrackingFinalizer(p)) all.add(ix);
  }
  return { prev, all };
}

/** The first `count` indexes with neither a success nor an active pod. */
export function firstPendingIndexes(completions: number, succeeded: Set<number>, activePods: Pod[], count: number): number[] {
  const taken = new Set(succeeded);
  for (const p of activePods) taken.add(completionIndex(p));
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!taken.has(i)) out.push(i);
  return out;
}

interface Container {
  name?: string;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
}

/** Adds JOB_COMPLETION_INDEX (from the annotation) to every container and init container. */
export function addCompletionIndexEnv(template: PodTemplate): void {
  const spec = (template.spec ??= {}) as { containers?: Container[]; initContainers?: Container[] };
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const env = (c.env ??= []);
    if (env.some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) continue;
    env.push({ name: JOB_COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } } });
  }
}

/** The template for one index: annotation and label, and hostname `<job>-<index>`. */
export function templateForIndex(template: PodTemplate, jobName: string, index: number): PodTemplate {
  const t = structuredClone(template);
  const md = (t.metadata ??= {});
  md.annotations = { ...(md.annotations ?? {}), [COMPLETION_INDEX_ANNOTATION]: String(index) };
  md.labels = { ...(md.labels ?? {}), [COMPLETION_INDEX_ANNOTATION]: String(index) };
  (t.spec ??= {}).hostname = `${jobName}-${index}`;
  return t;
}
