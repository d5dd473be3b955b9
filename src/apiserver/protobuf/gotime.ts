import { ProtobufDecodeError } from './errors.js';

/** Unix seconds of Go's zero time.Time (0001-01-01T00:00:00Z). */
export const GO_ZERO_TIME_SECONDS = -62135596800n;

function isoSeconds(seconds: bigint): string {
  const ms = Number(seconds) * 1000;
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!Number.isFinite(ms) || Number.isNaN(d.getTime()) || year < 0 || year > 9999) {
    throw new ProtobufDecodeError(`timestamp ${seconds}s is outside years 0-9999`);
  }
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** metav1.Time as JSON: RFC 3339 in UTC with whole seconds, or null for the zero time. */
export function formatTime(seconds: bigint): string | null {
  if (seconds === GO_ZERO_TIME_SECONDS) return null;
  return `${isoSeconds(seconds)}Z`;
}

/** metav1.MicroTime as JSON: RFC 3339 in UTC with exactly six fraction digits, or null for zero. */
export function formatMicroTime(seconds: bigint, nanos: bigint): string | null {
  const total = seconds * 1_000_000n + nanos / 1000n; // nanos truncate toward zero, like Go
  const micros = ((total % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const secs = (total - micros) / 1_000_000n;
  if (secs === GO_ZERO_TIME_SECONDS && micros === 0n) return null;
  return `${isoSeconds(secs)}.${String(micros).padStart(6, '0')}Z`;
}

function withFraction(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const rem = value % unit;
  if (rem === 0n) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rem).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** Go's time.Duration.String() for a count of nanoseconds (metav1.Duration's JSON). */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  let u = nanos < 0n ? -nanos : nanos;
  if (u < 1000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${withFraction(u, 1000n)}µs`;
  if (u < 1_000_000_000n) return `${sign}${withFraction(u, 1_000_000n)}ms`;
  const hour = 3_600_000_000_000n;
  const minute = 60_000_000_000n;
  const h = u / hour;
  u %= hour;
  const m = u / minute;
  u %= minute;
  const s = `${withFraction(u, 1_000_000_000n)}s`;
  if (h > 0n) return `${sign}${h}h${m}m${s}`;
  if (m > 0n) return `${sign}${m}m${s}`;
  return `${sign}${s}`;
}
