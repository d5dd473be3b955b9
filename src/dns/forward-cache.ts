// Upstream answers by lowercase name, type and class, kept for their TTL
// (the smallest in the answer; for NXDOMAIN/NODATA the SOA's negative TTL,
// RFC 2308), at most maxTtl seconds, like CoreDNS's cache plugin. Served
// with TTLs aged (never beyond the entry's own expiry). Errors are not
// cached. Bounded: the oldest entries go first.
import type { Answer } from 'dns-packet';
import type { ResponseBody } from './message.js';

interface Entry {
  body: ResponseBody;
  stored: number;
  expires: number;
}

export interface ForwardCacheOptions {
  maxEntries?: number;
  /** Cap on positive TTLs in seconds (default 30, as k3s's `cache 30`). */
  maxTtl?: number;
  /** Cap on negative TTLs in seconds (default 30). */
  maxNegativeTtl?: number;
  now?: () => number;
}

const ttlOf = (a: Answer): number => ('ttl' in a && typeof a.ttl === 'number' ? a.ttl : 0);

/** Seconds a response may be cached, or 0 for never. */
export function cacheSeconds(body: ResponseBody, maxTtl: number, maxNegativeTtl: number): number {
  if (body.rcode !== 'NOERROR' && body.rcode !== 'NXDOMAIN') return 0;
  if (body.rcode === 'NOERROR' && body.answers.length) {
    return Math.min(maxTtl, ...body.answers.map(ttlOf));
  }
  const soa = body.authorities.find((a) => a.type === 'SOA');
  if (!soa || soa.type !== 'SOA') return 0;
  return Math.min(maxNegativeTtl, ttlOf(soa), soa.data.minimum ?? 0);
}

export class ForwardCache {
  private readonly entries = new Map<string, Entry>();
  private readonly max: number;
  private readonly maxTtl: number;
  private readonly maxNeg: number;
  private readonly now: () => number;
  hits = 0;
  misses = 0;

  constructor(o: ForwardCacheOptions = {}) {
    this.max = o.maxEntries ?? 10_000;
    this.maxTtl = o.maxTtl ?? 30;
    this.maxNeg = o.maxNegativeTtl ?? 30;
    this.now = o.now ?? Date.now;
  }

  /** The cached body with TTLs reduced by its age, or undefined. */
  get(key: string): ResponseBody | undefined {
    const e = this.entries.get(key);
    const now = this.now();
    if (!e || e.expires <= now) {
      if (e) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    const age = Math.floor((now - e.stored) / 1000);
    const left = Math.ceil((e.expires - now) / 1000);
    const aged = (list: Answer[]): Answer[] => list.map((a) => ('ttl' in a && typeof a.ttl === 'number' ? ({ ...a, ttl: Math.max(0, Math.min(a.ttl - age, left)) } as Answer) : a));
    return { ...e.body, answers: aged(e.body.answers), authorities: aged(e.body.authorities), additionals: aged(e.body.additionals) };
  }

  set(key: string, body: ResponseBody): void {
    const secs = cacheSeconds(body, this.maxTtl, this.maxNeg);
    if (secs <= 0) return;
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { body, stored: now, expires: now + secs * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
