import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSchedule, jobName, mostRecentScheduleTime, nextScheduleDelay, parseSchedule, rfc3339In } from './schedule.js';
import type { CronJob } from './types.js';

const cj = (schedule: string, extra: { created?: string; last?: string; sds?: number; tz?: string } = {}): CronJob => ({
  metadata: { name: 'cj', namespace: 'default', uid: 'u', creationTimestamp: extra.created ?? '2024-01-01T00:00:00Z' },
  spec: { schedule, timeZone: extra.tz, startingDeadlineSeconds: extra.sds },
  status: extra.last ? { lastScheduleTime: extra.last } : {},
});
const T = (s: string): number => Date.parse(s);

test('the most recent missed activation and how many were missed', () => {
  const c = cj('*/5 * * * *', { tz: 'UTC' });
  const s = parseSchedule(c);
  assert.deepEqual(mostRecentScheduleTime(c, T('2024-01-01T00:04:00Z'), s, true), { missed: 0 });
  assert.deepEqual(mostRecentScheduleTime(c, T('2024-01-01T00:07:00Z'), s, true), { mostRecent: T('2024-01-01T00:05:00Z'), missed: 1 });
  const many = mostRecentScheduleTime(c, T('2024-01-02T00:01:00Z'), s, true);
  assert.equal(many.mostRecent, T('2024-01-02T00:00:00Z'));
  assert.equal(many.missed, 288);
  // startingDeadlineSeconds hides activations older than the deadline.
  const d = cj('*/5 * * * *', { tz: 'UTC', sds: 120 });
  assert.deepEqual(mostRecentScheduleTime(d, T('2024-01-02T00:03:00Z'), parseSchedule(d), true), { missed: 0 });
  assert.equal(mostRecentScheduleTime(d, T('2024-01-02T00:01:00Z'), parseSchedule(d), true).mostRecent, T('2024-01-02T00:00:00Z'));
});

test('irregular schedules find the right most recent time', () => {
  const c = cj('30 6-16/4 * * 1-5', { tz: 'UTC', last: '2024-01-01T06:30:00Z' });
  // Monday 2024-01-08 11:00 UTC: the last activation was 10:30 that day.
  assert.equal(mostRecentScheduleTime(c, T('2024-01-08T11:00:00Z'), parseSchedule(c), false).mostRecent, T('2024-01-08T10:30:00Z'));
});

test('the next delay, names, time zones and timestamps', () => {
  const c = cj('0 * * * *', { tz: 'UTC', last: '2024-01-01T05:00:00Z' });
  assert.equal(nextScheduleDelay(c, T('2024-01-01T05:30:00Z'), parseSchedule(c)), 30 * 60_000 + 100);
  assert.equal(jobName(c, T('2024-01-01T05:00:00Z')), `cj-${T('2024-01-01T05:00:00Z') / 60_000}`);
  assert.equal(formatSchedule(cj('0 9 * * *', { tz: 'Europe/Paris' })), 'TZ=Europe/Paris 0 9 * * *');
  assert.equal(formatSchedule(cj('CRON_TZ=Asia/Tokyo 0 9 * * *', { tz: 'Europe/Paris' })), 'CRON_TZ=Asia/Tokyo 0 9 * * *');
  const paris = cj('0 9 * * *', { tz: 'Europe/Paris' });
  assert.equal(mostRecentScheduleTime(paris, T('2024-07-01T08:00:00Z'), parseSchedule(paris), false).mostRecent, T('2024-07-01T07:00:00Z'));
  assert.equal(rfc3339In(T('2024-07-01T07:00:00Z'), 'Europe/Paris'), '2024-07-01T09:00:00+02:00');
  assert.equal(rfc3339In(T('2024-07-01T07:00:00Z'), undefined), '2024-07-01T07:00:00Z');
  assert.equal(rfc3339In(T('2024-07-01T07:00:00Z'), 'America/St_Johns'), '2024-07-01T04:30:00-02:30');
});
