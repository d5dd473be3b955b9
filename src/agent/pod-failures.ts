// Reasons a running pod is failed as a whole by its node (kubelet):
// activeDeadlineSeconds passed (DeadlineExceeded), or an emptyDir on disk
// grew past its sizeLimit (the eviction manager's emptyDir check: Evicted).
// The agent then kills its containers and reports phase Failed with the
// reason and message.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tryParseQuantity } from '../apiserver/validation/quantity.js';
import { volumeDir } from './paths.js';
import type { Pod } from './types.js';

export interface PodFailure {
  reason: string;
  message: string;
  /** Event type of the event recorded with it. */
  eventType: 'Normal' | 'Warning';
}

export const DEADLINE_MESSAGE = 'Pod was active on the node longer than the specified deadline';

/** DeadlineExceeded once activeDeadlineSeconds have passed since status.startTime; else the ms left (undefined: no deadline). */
export function activeDeadline(pod: Pod, now: number): PodFailure | number | undefined {
  const seconds = pod.spec?.activeDeadlineSeconds;
  const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : NaN;
  if (seconds === undefined || seconds === null || Number.isNaN(start)) return undefined;
  const left = start + seconds * 1000 - now;
  if (left > 0) return left;
  return { reason: 'DeadlineExceeded', message: DEADLINE_MESSAGE, eventType: 'Normal' };
}

/** Bytes used under `dir` (allocated blocks, as du counts them), not following symlinks. */
export function diskUsage(dir: string): number {
  let total = 0;
  const visit = (p: string): void => {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return; // removed while walking
    }
    total += st.blocks * 512;
    if (st.isDirectory()) {
      let entries: string[] = [];
      try {
        entries = readdirSync(p);
      } catch {
        return;
      }
      for (const e of entries) visit(join(p, e));
    }
  };
  visit(dir);
  return total;
}

/** Evicted when a disk-backed emptyDir with a sizeLimit holds more than it (upstream's emptyDirLimitEviction). */
export function emptyDirOverLimit(pod: Pod, dataDir: string, usage: (dir: string) => number = diskUsage): PodFailure | undefined {
  const uid = pod.metadata?.uid ?? '';
  for (const v of pod.spec?.volumes ?? []) {
    if (!v.emptyDir || v.emptyDir.medium === 'Memory' || v.emptyDir.sizeLimit === undefined) continue;
    const limit = tryParseQuantity(v.emptyDir.sizeLimit);
    if (limit === undefined) continue;
    if (usage(volumeDir(dataDir, uid, 'empty-dir', v.name)) > limit) {
      return { reason: 'Evicted', message: `Usage of EmptyDir volume "${v.name}" exceeds the limit "${v.emptyDir.sizeLimit}". `, eventType: 'Warning' };
    }
  }
  return undefined;
}
