import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCron, CronParseError, parseGoDuration, isKnownTimeZone } from './cron.js';

const utc = (s: string): Date => new Date(s);
const nextIso = (expr: string, after: string, tz = 'UTC'): string => parseCron(expr).next(utc(after), tz).toISOString();

test('plain five-field schedules', () => {
  assert.equal(nextIso('*/15 * * * *', '2024-01-01T00:07:30Z'), '2024-01-01T00:15:00.000Z');
  assert.equal(nextIso('0 * * * *', '2024-01-01T00:00:00Z'), '2024-01-01T01:00:00.000Z');
  assert.equal(nextIso('30 2 * * *', '2024-01-01T03:00:00Z'), '2024-01-02T02:30:00.000Z');
  assert.equal(nextIso('0 0 1 1 *', '2024-06-01T00:00:00Z'), '2025-01-01T00:00:00.000Z');
});

test('ranges, lists, steps and names', () => {
  assert.equal(nextIso('0 9-17/4 * * mon-fri', '2024-01-06T00:00:00Z'), '2024-01-08T09:00:00.000Z'); // Sat → Mon
  assert.equal(nextIso('5,10 * * * *', '2024-01-01T00:06:00Z'), '2024-01-01T00:10:00.000Z');
  assert.equal(nextIso('0 0 * FEB *', '2024-03-01T00:00:00Z'), '2025-02-01T00:00:00.000Z');
  assert.equal(nextIso('10/20 * * * *', '2024-01-01T00:31:00Z'), '2024-01-01T00:50:00.000Z');
});

test('day-of-month and day-of-week are ORed when both are restricted', () => {
  // 13th of the month or any Friday; 2024-09-06 is a Friday.
  assert.equal(nextIso('0 0 13 * 5', '2024-09-01T00:00:00Z'), '2024-09-06T00:00:00.000Z');
  // With a star day-of-week only the day of month counts.
  assert.equal(nextIso('0 0 13 * *', '2024-09-01T00:00:00Z'), '2024-09-13T00:00:00.000Z');
});

test('descriptors', () => {
  assert.equal(nextIso('@hourly', '2024-01-01T00:10:00Z'), '2024-01-01T01:00:00.000Z');
  assert.equal(nextIso('@daily', '2024-01-01T00:10:00Z'), '2024-01-02T00:00:00.000Z');
  assert.equal(nextIso('@midnight', '2024-01-01T00:10:00Z'), '2024-01-02T00:00:00.000Z');
  assert.equal(nextIso('@weekly', '2024-01-01T00:10:00Z'), '2024-01-07T00:00:00.000Z');
  assert.equal(nextIso('@monthly', '2024-01-01T00:10:00Z'), '2024-02-01T00:00:00.000Z');
  assert.equal(nextIso('@yearly', '2024-01-01T00:10:00Z'), '2025-01-01T00:00:00.000Z');
  assert.equal(nextIso('@annually', '2024-01-01T00:10:00Z'), '2025-01-01T00:00:00.000Z');
  assert.equal(nextIso('@every 1h30m', '2024-01-01T00:10:00.500Z'), '2024-01-01T01:40:00.000Z');
});

test('time zones', () => {
  // 09:00 in New York (EST, UTC-5) in January.
  assert.equal(nextIso('0 9 * * *', '2024-01-01T00:00:00Z', 'America/New_York'), '2024-01-01T14:00:00.000Z');
  // Summer time (EDT, UTC-4).
  assert.equal(nextIso('0 9 * * *', '2024-07-01T00:00:00Z', 'America/New_York'), '2024-07-01T13:00:00.000Z');
  // A TZ= prefix supplies the zone when none is given.
  assert.equal(parseCron('CRON_TZ=Asia/Tokyo 0 9 * * *').next(utc('2024-01-01T00:00:00Z')).toISOString(), '2024-01-02T00:00:00.000Z');
  // 02:30 does not exist on 2024-03-10 in New York; the next run is the following day.
  assert.equal(nextIso('30 2 * * *', '2024-03-10T00:00:00Z', 'America/New_York'), '2024-03-11T06:30:00.000Z');
  assert.ok(isKnownTimeZone('Europe/Berlin'));
  assert.ok(!isKnownTimeZone('Mars/Olympus'));
});

test('errors use robfig/cron wording', () => {
  const msg = (expr: string): string => {
    try {
      parseCron(expr);
    } catch (e) {
      assert.ok(e instanceof CronParseError);
      return e.message;
    }
    return '';
  };
  assert.equal(msg(''), 'empty spec string');
  assert.equal(msg('* * * *'), 'expected exactly 5 fields, found 4: [* * * *]');
  assert.equal(msg('61 * * * *'), 'end of range (61) above maximum (59): 61');
  assert.equal(msg('* * 0 * *'), 'beginning of range (0) below minimum (1): 0');
  assert.equal(msg('5-1 * * * *'), 'beginning of range (5) beyond end of range (1): 5-1');
  assert.equal(msg('*/0 * * * *'), 'step of range should be a positive number: */0');
  assert.equal(msg('x * * * *'), 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
  assert.equal(msg('1-2-3 * * * *'), 'too many hyphens: 1-2-3');
  assert.equal(msg('1/2/3 * * * *'), 'too many slashes: 1/2/3');
  assert.equal(msg('@fortnightly'), 'unrecognized descriptor: @fortnightly');
  assert.equal(msg('* * * * 7'), 'end of range (7) above maximum (6): 7');
});

test('parseGoDuration', () => {
  assert.equal(parseGoDuration('1h30m'), 5_400_000);
  assert.equal(parseGoDuration('1.5s'), 1500);
  assert.throws(() => parseGoDuration('5'), CronParseError);
});
