// Forwarding to upstream resolvers: UDP first (one socket per address
// family, queries told apart by random IDs and checked against the
// question), TCP when the answer is truncated, EDNS0 dropped for servers
// that answer FORMERR, the next upstream on timeout or error, and
// UpstreamError when none answered.
import * as dnsPacket from 'dns-packet';
import type { DecodedPacket, RecordClass, RecordType } from 'dns-packet';
import { createSocket, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import { canonicalIP } from './names.js';
import { tcpExchange } from './upstream-tcp.js';
import { MAX_UDP_PAYLOAD, RCODES, type Rcode, type ResponseBody } from './message.js';

export class UpstreamError extends Error {
  override name = 'UpstreamError';
}

export interface UpstreamServer {
  host: string;
  port: number;
}

/** "1.2.3.4", "1.2.3.4:5353", "[fd00::1]:53" or "fd00::1". */
export function parseUpstream(s: string): UpstreamServer {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracket) return { host: bracket[1]!, port: Number(bracket[2] ?? 53) };
  if (isIP(s)) return { host: s, port: 53 };
  const m = /^([^:]+):(\d+)$/.exec(s);
  if (m && isIP(m[1]!)) return { host: m[1]!, port: Number(m[2]) };
  throw new UpstreamError(`not an upstream address: ${s}`);
}

/** dns-packet decodes the rcode but its types do not declare it. */
const rcodeOf = (p: DecodedPacket): string => (p as DecodedPacket & { rcode?: string }).rcode ?? 'SERVFAIL';

interface Pending {
  resolve(p: DecodedPacket): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
  server: UpstreamServer;
  name: string;
  type: string;
}

export interface Question {
  name: string;
  type: string;
  class: RecordClass;
}

export class Upstreams {
  private readonly sockets = new Map<4 | 6, Socket>();
  private readonly pending = new Map<number, Pending>();
  readonly stats = { queries: 0, timeouts: 0, tcp: 0, failures: 0 };

  constructor(
    readonly servers: UpstreamServer[],
    private readonly timeoutMs = 2000,
  ) {}

  /** Asks each upstream in turn; resolves with the first usable answer. */
  async query(q: Question): Promise<ResponseBody> {
    let last: Error = new UpstreamError('no upstream servers');
    for (const server of this.servers) {
      try {
        let p = await this.udp(server, q, true);
        if (rcodeOf(p) === 'FORMERR') p = await this.udp(server, q, false);
        if (p.flag_tc) {
          this.stats.tcp++;
          p = await this.tcp(server, q);
        }
        const rcode = rcodeOf(p);
        if (rcode === 'SERVFAIL' || rcode === 'REFUSED') throw new UpstreamError(`${server.host}:${server.port} answered ${rcode}`);
        return {
          rcode: (rcode in RCODES ? rcode : 'SERVFAIL') as Rcode,
          authoritative: false,
          answers: p.answers ?? [],
          authorities: p.authorities ?? [],
          additionals: (p.additionals ?? []).filter((a) => a.type !== 'OPT'),
        };
      } catch (e) {
        last = e as Error;
      }
    }
    this.stats.failures++;
    throw last instanceof UpstreamError ? last : new UpstreamError(last.message);
  }

  close(): void {
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new UpstreamError('closed'));
    }
    this.pending.clear();
  }

  private encode(id: number, q: Question, edns: boolean): Buffer {
    return dnsPacket.encode({
      type: 'query',
      id,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ name: q.name, type: q.type as RecordType, class: q.class }],
      additionals: edns ? [{ type: 'OPT', name: '.', udpPayloadSize: MAX_UDP_PAYLOAD, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] : [],
    });
  }

  private socket(family: 4 | 6): Socket {
    let s = this.sockets.get(family);
    if (s) return s;
    s = createSocket(family === 4 ? 'udp4' : 'udp6');
    s.on('message', (msg, rinfo) => this.onMessage(msg, rinfo.address, rinfo.port));
    s.on('error', () => {}); // per-query timeouts handle a broken socket
    s.unref();
    this.sockets.set(family, s);
    return s;
  }

  private onMessage(msg: Buffer, address: string, port: number): void {
    if (msg.length < 12) return;
    const p = this.pending.get(msg.readUInt16BE(0));
    if (!p || p.server.port !== port || canonicalIP(p.server.host) !== canonicalIP(address)) return;
    let d: DecodedPacket;
    try {
      d = dnsPacket.decode(msg);
    } catch {
      return; // garbage with a matching ID: keep waiting for the real answer
    }
    const q = d.questions?.[0];
    if (!d.flag_qr || !q || q.name.toLowerCase() !== p.name.toLowerCase() || q.type !== p.type) return;
    this.pending.delete(msg.readUInt16BE(0));
    clearTimeout(p.timer);
    p.resolve(d);
  }

  private udp(server: UpstreamServer, q: Question, edns: boolean): Promise<DecodedPacket> {
    this.stats.queries++;
    let id = randomInt(0, 65536);
    while (this.pending.has(id)) id = (id + 1) & 0xffff;
    const family = isIP(server.host) === 6 ? 6 : 4;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.stats.timeouts++;
        reject(new UpstreamError(`${server.host}:${server.port} timed out`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer, server, name: q.name, type: q.type });
      this.socket(family).send(this.encode(id, q, edns), server.port, server.host, (err) => {
        if (!err) return;
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new UpstreamError(`${server.host}:${server.port}: ${err.message}`));
      });
    });
  }

  private tcp(server: UpstreamServer, q: Question): Promise<DecodedPacket> {
    const id = randomInt(0, 65536);
    return tcpExchange(server, this.encode(id, q, false), id, this.timeoutMs);
  }
}
