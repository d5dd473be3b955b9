// Turns a query into an answer: the cluster zone from the record index
// (cached encoded, patched per query, addresses rotated round-robin), ExternalName CNAMEs chased inside
// the zone or upstream, everything else forwarded with a TTL cache and
// identical in-flight questions coalesced; SERVFAIL when upstreams fail or
// before the informers have synced.
import { AnswerCache } from './answer-cache.js';
import { rotateAnswers, type Encoded } from './encode.js';
import { ForwardCache } from './forward-cache.js';
import { lookup } from './lookup.js';
import { encodeResponse, patchCached, type Query, type ResponseBody } from './message.js';
import { normalizeName } from './names.js';
import type { RecordIndex } from './record-index.js';
import type { LookupResult } from './types.js';
import type { Question, Upstreams } from './upstream.js';
import type { ZoneConfig } from './zone.js';

export interface Reply {
  encoded: Encoded;
  /** The full answer for this query (encoded.wire, or a copy patched for it). */
  wire: Buffer;
}

export interface ResolverStats {
  cluster: number;
  forwarded: number;
  servfail: number;
}

const MAX_CNAME_CHAIN = 8;

export class Resolver {
  readonly answers: AnswerCache;
  readonly forwardCache: ForwardCache;
  private readonly inflight = new Map<string, Promise<ResponseBody>>();
  /** Round-robin position for rotating multi-address answers. */
  private turn = 0;
  readonly stats: ResolverStats = { cluster: 0, forwarded: 0, servfail: 0 };

  constructor(
    private readonly index: RecordIndex,
    private readonly zone: ZoneConfig,
    private readonly upstreams: Upstreams,
    private readonly synced: () => boolean,
    opts: { maxCacheTtl?: number } = {},
  ) {
    this.answers = new AnswerCache((dep) => index.generation(dep));
    this.forwardCache = new ForwardCache({ maxTtl: opts.maxCacheTtl, maxNegativeTtl: opts.maxCacheTtl });
  }

  /** The full (untruncated) answer; synchronous for cluster names. */
  answer(q: Query): Reply | Promise<Reply> {
    const name = normalizeName(q.name);
    const key = `${name}|${q.type}|${q.class}|${q.edns ? 1 : 0}`;
    const hit = this.answers.get(key);
    if (hit) {
      this.stats.cluster++;
      const wire = patchCached(hit.encoded.wire, q);
      return { encoded: hit.encoded, wire: hit.encoded.rotatable ? rotateAnswers(hit.encoded, wire, this.turn++) : wire };
    }
    const r = lookup(this.index, this.zone, name, q.type);
    if (r.kind === 'forward') return this.forward(q, name);
    this.stats.cluster++;
    if (!this.synced()) return this.reply(q, { rcode: 'SERVFAIL', authoritative: false, answers: [], authorities: [], additionals: [] });
    if (r.kind === 'cname') return this.chase(q, r);
    const body: ResponseBody = { rcode: r.rcode, authoritative: true, answers: r.answers, authorities: r.authorities, additionals: r.additionals };
    const encoded = encodeResponse(q, body);
    if (r.dep) this.answers.set(key, encoded, r.dep);
    return { encoded, wire: encoded.rotatable ? rotateAnswers(encoded, encoded.wire, this.turn++) : encoded.wire };
  }

  private reply(q: Query, body: ResponseBody): Reply {
    if (body.rcode === 'SERVFAIL') this.stats.servfail++;
    const encoded = encodeResponse(q, body);
    return { encoded, wire: encoded.wire };
  }

  private async forward(q: Query, name: string): Promise<Reply> {
    this.stats.forwarded++;
    try {
      return this.reply(q, await this.forwardBody({ name, type: q.type, class: q.class }));
    } catch {
      return this.reply(q, { rcode: 'SERVFAIL', authoritative: false, answers: [], authorities: [], additionals: [] });
    }
  }

  /** An upstream answer from the cache, an identical question in flight, or the upstreams. */
  forwardBody(question: Question): Promise<ResponseBody> {
    const key = `${question.name}|${question.type}|${question.class}`;
    const cached = this.forwardCache.get(key);
    if (cached) return Promise.resolve(cached);
    let p = this.inflight.get(key);
    if (!p) {
      p = this.upstreams.query(question).then((body) => {
        this.forwardCache.set(key, body);
        return body;
      });
      const done = (): void => void this.inflight.delete(key);
      p.then(done, done);
      this.inflight.set(key, p);
    }
    return p;
  }

  /** An ExternalName CNAME plus the target's addresses (from the zone or upstream), or the CNAME alone. */
  private async chase(q: Query, first: Extract<LookupResult, { kind: 'cname' }>): Promise<Reply> {
    const answers = [first.cname];
    let target = first.target;
    for (let i = 0; i < MAX_CNAME_CHAIN; i++) {
      const z = this.zone.zone;
      if (target === z || target.endsWith(`.${z}`)) {
        const r = lookup(this.index, this.zone, target, q.type);
        if (r.kind === 'cname') {
          answers.push(r.cname);
          target = r.target;
          continue;
        }
        if (r.kind === 'answer' && r.rcode === 'NOERROR') answers.push(...r.answers);
        break;
      }
      try {
        const body = await this.forwardBody({ name: target, type: q.type, class: q.class });
        if (body.rcode === 'NOERROR') answers.push(...body.answers);
      } catch {
        // Upstream unavailable: the CNAME alone, as CoreDNS answers.
      }
      break;
    }
    return this.reply(q, { rcode: 'NOERROR', authoritative: true, answers, authorities: [], additionals: [] });
  }
}
