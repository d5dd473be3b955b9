// Schedule arithmetic of the CronJob controller (upstream cronjob utils):
// the most recent missed activation between the last schedule (or creation)
// and now, how many were missed, the delay until the next one, and the
// deterministic names and timestamps of the Jobs it creates.
import { type CronSchedule, isKnownTimeZone, parseCron, wallMs } from '../../apiserver/kinds/batch/cron.js';
import type { CronJob } from './types.js';
import { timestamp } from '../../apiserver/registry/meta.js';

/** Requeue this long after an activation so the sync sees it as due (upstream nextScheduleDelta). */
export const NEXT_SCHEDULE_DELTA_MS = 100;

/** The schedule string the parser gets: spec.timeZone becomes a TZ= prefix (unless the schedule has its own). */
export function formatSchedule(cj: CronJob): string {
  const schedule = cj.spec?.schedule ?? '';
  if (schedule.includes('TZ')) return schedule;
  const tz = cj.spec?.timeZone;
  if (tz && isKnownTimeZone(tz)) return `TZ=${tz} ${schedule}`;
  return schedule;
}

export function parseSchedule(cj: CronJob): CronSchedule {
  return parseCron(formatSchedule(cj));
}

export class InvalidScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidScheduleError';
  }
}

function earliestTime(cj: CronJob): number {
  const last = cj.status?.lastScheduleTime;
  return Date.parse(last ?? cj.metadata?.creationTimestamp ?? '') || 0;
}

export interface MostRecent {
  /** The latest activation at or before now (after the earliest time), if any. */
  mostRecent?: number;
  /** Roughly how many activations were missed. */
  missed: number;
}

/**
 * The most recent unmet activation (upstream mostRecentScheduleTime). With
 * `withDeadline`, activations older than startingDeadlineSeconds are not
 * considered.
 */
export function mostRecentScheduleTime(cj: CronJob, now: number, sched: CronSchedule, withDeadline: boolean): MostRecent {
  let earliest = earliestTime(cj);
  const sds = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && typeof sds === 'number') earliest = Math.max(earliest, now - sds * 1000);
  const t1 = sched.next(new Date(earliest)).getTime();
  if (now < t1) return { missed: 0 };
  const t2 = sched.next(new Date(t1)).getTime();
  if (now < t2) return { mostRecent: t1, missed: 1 };
  const gap = Math.round((t2 - t1) / 1000);
  if (gap < 1) throw new InvalidScheduleError('time difference between two schedules is less than 1 second');
  const missed = Math.floor((now - t1) / 1000 / gap) + 1;
  // Jump close to now, one interval early so irregular schedules still land right, then walk.
  let mostRecent: number | undefined;
  const walk = (from: number): void => {
    for (let t = sched.next(new Date(from)).getTime(), n = 0; t <= now && n < 100_000; t = sched.next(new Date(t)).getTime(), n++) mostRecent = t;
  };
  walk(t1 + (missed - 2) * gap * 1000);
  if (mostRecent === undefined) walk(t1 - 1000);
  return { mostRecent, missed };
}

/** Delay until the next activation after the most recent one (plus the delta). */
export function nextScheduleDelay(cj: CronJob, now: number, sched: CronSchedule): number | undefined {
  let from: number;
  try {
    from = mostRecentScheduleTime(cj, now, sched, false).mostRecent ?? earliestTime(cj);
  } catch {
    return undefined;
  }
  return sched.next(new Date(from)).getTime() + NEXT_SCHEDULE_DELTA_MS - now;
}

/** `<cronjob>-<scheduled time in minutes since the epoch>` (upstream getJobName). */
export function jobName(cj: CronJob, scheduled: number): string {
  return `${cj.metadata?.name}-${Math.floor(scheduled / 60_000)}`;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Go's time.RFC3339 rendering of `ms` in zone `tz` (UTC when unset): "Z" for a zero offset. */
export function rfc3339In(ms: number, tz?: string | null): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const wall = wallMs(d, tz || 'UTC');
  const offMin = Math.round((wall - d.getTime()) / 60_000);
  const w = new Date(wall);
  const date = `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`;
  if (offMin === 0) return `${date}Z`;
  const sign = offMin < 0 ? '-' : '+';
  const a = Math.abs(offMin);
  return `${date}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

export const iso = (ms: number): string => timestamp(new Date(ms));
