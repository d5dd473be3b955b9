import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGoDuration, formatMicroTime, formatTime, GO_ZERO_TIME_SECONDS } from './gotime.js';
import { ProtobufDecodeError } from './errors.js';

describe('formatTime', () => {
  it('writes RFC 3339 UTC seconds', () => {
    assert.equal(formatTime(1704164645n), '2024-01-02T03:04:05Z');
    assert.equal(formatTime(0n), '1970-01-01T00:00:00Z');
    assert.equal(formatTime(-1n), '1969-12-31T23:59:59Z');
  });
  it('gives null for Go zero time and rejects years past 9999', () => {
    assert.equal(formatTime(GO_ZERO_TIME_SECONDS), null);
    assert.throws(() => formatTime(253402300800n), ProtobufDecodeError);
  });
});

describe('formatMicroTime', () => {
  it('writes exactly six fraction digits, truncating nanoseconds', () => {
    assert.equal(formatMicroTime(1704164645n, 999n), '2024-01-02T03:04:05.000000Z');
    assert.equal(formatMicroTime(1704164645n, 1_500_999n), '2024-01-02T03:04:05.001500Z');
  });
  it('gives null for Go zero time', () => {
    assert.equal(formatMicroTime(GO_ZERO_TIME_SECONDS, 0n), null);
  });
});

describe('formatGoDuration', () => {
  it('matches Go time.Duration.String', () => {
    const cases: Array<[bigint, string]> = [
      [0n, '0s'],
      [1n, '1ns'],
      [1_500n, '1.5µs'],
      [2_000_000n, '2ms'],
      [1_500_000_000n, '1.5s'],
      [60_000_000_000n, '1m0s'],
      [3_600_000_000_000n, '1h0m0s'],
      [5_430_000_000_000n, '1h30m30s'],
      [-90_000_000_000n, '-1m30s'],
    ];
    for (const [ns, s] of cases) assert.equal(formatGoDuration(ns), s, String(ns));
  });
});
