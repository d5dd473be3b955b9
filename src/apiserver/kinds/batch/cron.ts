// Standard cron schedules as CronJobs use them (robfig/cron's ParseStandard):
// five fields (minute hour day-of-month month day-of-week) with lists, ranges,
// steps and month/weekday names, the @yearly/@annually/@monthly/@weekly/@daily/
// @midnight/@hourly descriptors, `@every <duration>` and an optional
// `TZ=`/`CRON_TZ=` prefix. Error messages follow the Go library's wording,
// because the API server shows them to users.

export class CronParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronParseError';
  }
}

export interface CronSchedule {
  /** The first activation strictly after `after`, in time zone `tz` (IANA name; default: the schedule's TZ= prefix, else local time). */
  next(after: Date, tz?: string): Date;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** Which values of a field match; `star` when written as `*` or `?` (matters for day matching). */
interface FieldSet {
  values: Set<number>;
  star: boolean;
}

function atoi(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new CronParseError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new CronParseError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function intOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()];
  return named ?? atoi(expr);
}

function parseRange(expr: string, b: Bounds, into: FieldSet): void {
  const rangeAndStep = expr.split('/');
  const lowHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowHigh[0] === '*' || lowHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = intOrName(lowHigh[0]!, b);
    if (lowHigh.length === 1) end = start;
    else if (lowHigh.length === 2) end = intOrName(lowHigh[1]!, b);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = atoi(rangeAndStep[1]!);
    if (lowHigh.length === 1) end = b.max; // "N/step" means "N-max/step"
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronParseError(`too many slashes: ${expr}`);
  }
  if (start < b.min) throw new CronParseError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronParseError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.values.add(v);
  if (star) into.star = true;
}

function parseField(field: string, b: Bounds): FieldSet {
  const set: FieldSet = { values: new Set(), star: false };
  for (const part of field.split(',')) if (part !== '') parseRange(part, b, set);
  return set;
}

const all = (b: Bounds): FieldSet => parseField('*', b);
const one = (v: number): FieldSet => ({ values: new Set([v]), star: false });

const DESCRIPTORS: Record<string, () => FieldSet[]> = {
  '@yearly': () => [one(0), one(0), one(1), one(1), all(DOW)],
  '@annually': () => [one(0), one(0), one(1), one(1), all(DOW)],
  '@monthly': () => [one(0), one(0), one(1), all(MONTHS), all(DOW)],
  '@weekly': () => [one(0), one(0), all(DOM), all(MONTHS), one(0)],
  '@daily': () => [one(0), one(0), all(DOM), all(MONTHS), all(DOW)],
  '@midnight': () => [one(0), one(0), all(DOM), all(MONTHS), all(DOW)],
  '@hourly': () => [one(0), all(HOURS), all(DOM), all(MONTHS), all(DOW)],
};

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds. */
export function parseGoDuration(text: string): number {
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (text === '0') return 0;
  if (!m) throw new CronParseError(`time: invalid duration ${JSON.stringify(text)}`);
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * DURATION_UNITS[part[2]!]!;
  }
  return m[1] === '-' ? -total : total;
}

/** Wall-clock fields of `d` in `tz`, encoded as a UTC timestamp. */
/** The wall clock time of `d` in zone `tz` (local when unset), encoded as a UTC instant. */
export function wallMs(d: Date, tz: string | undefined): number {
  const parts = wallFormatter(tz).formatToParts(d);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallFormatter(tz: string | undefined): Intl.DateTimeFormat {
  const key = tz ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(key, f);
  }
  return f;
}

/** The instant whose wall clock in `tz` reads `wall` (a UTC-encoded wall time). */
function instantOf(wall: number, tz: string | undefined): number {
  let guess = wall - (wallMs(new Date(wall), tz) - wall);
  const offset = wallMs(new Date(guess), tz) - guess;
  guess = wall - offset;
  return guess;
}

/** Whether `tz` names a time zone this runtime knows (IANA database). */
export function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

class SpecSchedule implements CronSchedule {
  constructor(
    private readonly f: FieldSet[],
    private readonly tz: string | undefined,
  ) {}

  private dayMatches(d: Date): boolean {
    const [, , dom, , dow] = this.f as [FieldSet, FieldSet, FieldSet, FieldSet, FieldSet];
    const domMatch = dom.values.has(d.getUTCDate());
    const dowMatch = dow.values.has(d.getUTCDay());
    if (dom.star || dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  next(after: Date, tz?: string): Date {
    const zone = tz ?? this.tz;
    const [min, hour, , month] = this.f as [FieldSet, FieldSet, FieldSet, FieldSet];
    const afterMs = after.getTime();
    // Start at the next whole minute of the wall clock.
    const w = new Date(Math.floor(wallMs(after, zone) / 60_000) * 60_000 + 60_000);
    const limit = w.getTime() + 5 * 366 * 86_400_000;
    while (w.getTime() < limit) {
      if (!month.values.has(w.getUTCMonth() + 1)) {
        w.setUTCMonth(w.getUTCMonth() + 1, 1);
        w.setUTCHours(0, 0, 0, 0);
        continue;
      }
      if (!this.dayMatches(w)) {
        w.setUTCDate(w.getUTCDate() + 1);
        w.setUTCHours(0, 0, 0, 0);
        continue;
      }
      if (!hour.values.has(w.getUTCHours())) {
        w.setUTCHours(w.getUTCHours() + 1, 0, 0, 0);
        continue;
      }
      if (!min.values.has(w.getUTCMinutes())) {
        w.setUTCMinutes(w.getUTCMinutes() + 1, 0, 0);
        continue;
      }
      const at = instantOf(w.getTime(), zone);
      // A wall time skipped by a DST jump maps back onto another wall time; skip it.
      if (at > afterMs && wallMs(new Date(at), zone) === w.getTime()) return new Date(at);
      w.setUTCMinutes(w.getUTCMinutes() + 1, 0, 0);
    }
    throw new CronParseError('schedule has no activation within five years');
  }
}

class EverySchedule implements CronSchedule {
  constructor(private readonly delayMs: number) {}

  next(after: Date): Date {
    const base = Math.floor(after.getTime() / 1000) * 1000;
    return new Date(base + this.delayMs);
  }
}

/** Parses a schedule; throws CronParseError with robfig/cron's message on failure. */
export function parseCron(expr: string): CronSchedule {
  let spec = expr;
  if (spec.length === 0) throw new CronParseError('empty spec string');
  let tz: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const sp = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    const name = sp < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, sp);
    if (!isKnownTimeZone(name) || name === '') throw new CronParseError(`provided bad location ${name}: unknown time zone ${name}`);
    tz = name;
    spec = sp < 0 ? '' : spec.slice(sp).trim();
  }
  if (spec.startsWith('@')) {
    const d = DESCRIPTORS[spec];
    if (d) return new SpecSchedule(d(), tz);
    if (spec.startsWith('@every ')) {
      let ms: number;
      try {
        ms = parseGoDuration(spec.slice('@every '.length));
      } catch (e) {
        throw new CronParseError(`failed to parse duration ${spec}: ${(e as Error).message}`);
      }
      return new EverySchedule(Math.max(1000, Math.floor(ms / 1000) * 1000));
    }
    throw new CronParseError(`unrecognized descriptor: ${spec}`);
  }
  const fields = spec.split(/\s+/).filter((s) => s !== '');
  if (fields.length !== 5) {
    throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  }
  const bounds = [MINUTES, HOURS, DOM, MONTHS, DOW];
  return new SpecSchedule(
    fields.map((f, i) => parseField(f, bounds[i]!)),
    tz,
  );
}
