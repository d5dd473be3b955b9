// Test helpers: a DNS client over UDP and TCP, and a fake upstream DNS
// server on 127.0.0.1 that counts the questions it is asked.
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet, RecordType } from 'dns-packet';
import { createSocket, type Socket } from 'node:dgram';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';

export interface AskOptions {
  host?: string;
  id?: number;
  edns?: number;
  timeoutMs?: number;
}

export function queryPacket(name: string, type: RecordType, o: AskOptions = {}): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: o.id ?? Math.floor(Math.random() * 65536),
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' }],
    additionals: o.edns ? [{ type: 'OPT', name: '.', udpPayloadSize: o.edns, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] : [],
  });
}

/** Sends raw bytes over UDP; resolves with the raw reply (or undefined on timeout). */
export function udpRaw(port: number, msg: Buffer, o: AskOptions = {}): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    const t = setTimeout(() => (s.close(), resolve(undefined)), o.timeoutMs ?? 2000);
    s.on('message', (m) => (clearTimeout(t), s.close(), resolve(m)));
    s.send(msg, port, o.host ?? '127.0.0.1');
  });
}

export type Reply = DecodedPacket & { rcode: string };

export async function askUdp(port: number, name: string, type: RecordType, o: AskOptions = {}): Promise<Reply & { size: number }> {
  const raw = await udpRaw(port, queryPacket(name, type, o), o);
  if (!raw) throw new Error(`no UDP answer for ${name} ${type}`);
  return Object.assign(dnsPacket.decode(raw) as Reply, { size: raw.length });
}

/** Sends several queries on one TCP connection; resolves with the replies in arrival order. */
export function askTcp(port: number, queries: Buffer[], host = '127.0.0.1'): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    const sock = connect({ port, host });
    const out: Reply[] = [];
    let buf = Buffer.alloc(0);
    sock.setTimeout(3000, () => (sock.destroy(), reject(new Error('tcp timeout'))));
    sock.on('error', reject);
    sock.on('connect', () => {
      for (const q of queries) {
        const len = Buffer.alloc(2);
        len.writeUInt16BE(q.length);
        sock.write(Buffer.concat([len, q]));
      }
    });
    sock.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        out.push(dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0))) as Reply);
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
      if (out.length === queries.length) {
        sock.end();
        resolve(out);
      }
    });
  });
}

export const answerData = (r: Packet): unknown[] => (r.answers ?? []).map((a) => (a as { data: unknown }).data);

export interface FakeUpstream {
  port: number;
  /** "name type" of every question received, over UDP and TCP. */
  seen: string[];
  tcpSeen: string[];
  close(): Promise<void>;
}

/** Answers every question with `answer(name, type)` (answers, or an rcode); UDP replies over `udpLimit` bytes are truncated. */
export async function startFakeUpstream(answer: (name: string, type: string) => { answers?: Answer[]; rcode?: number; authorities?: Answer[]; silent?: boolean }, udpLimit = 512): Promise<FakeUpstream> {
  const seen: string[] = [];
  const tcpSeen: string[] = [];
  const reply = (q: DecodedPacket, truncateAt?: number): Buffer | undefined => {
    const question = q.questions![0]!;
    const a = answer(question.name, question.type);
    if (a.silent) return undefined;
    const p: Packet = { type: 'response', id: q.id, flags: dnsPacket.RECURSION_AVAILABLE | (a.rcode ?? 0), questions: q.questions, answers: a.answers ?? [], authorities: a.authorities ?? [] };
    let out = dnsPacket.encode(p);
    if (truncateAt && out.length > truncateAt) out = dnsPacket.encode({ ...p, flags: (p.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE, answers: [] });
    return out;
  };
  const onUdp = (udp: Socket) => (m: Buffer, r: { port: number; address: string }) => {
    const q = dnsPacket.decode(m);
    seen.push(`${q.questions![0]!.name} ${q.questions![0]!.type}`);
    const out = reply(q, udpLimit);
    if (out) udp.send(out, r.port, r.address);
  };
  const tcp: Server = createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('error', () => {});
    sock.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const q = dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
        tcpSeen.push(`${q.questions![0]!.name} ${q.questions![0]!.type}`);
        const out = reply(q);
        if (!out) continue;
        const len = Buffer.alloc(2);
        len.writeUInt16BE(out.length);
        sock.write(Buffer.concat([len, out]));
      }
    });
  });
  // UDP on an ephemeral port, TCP on the same number (another one if that is taken).
  let udp: Socket | undefined;
  let port = 0;
  for (let attempt = 0; !udp; attempt++) {
    const s = createSocket('udp4');
    s.on('message', onUdp(s));
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    port = (s.address() as AddressInfo).port;
    try {
      await new Promise<void>((r, j) => (tcp.once('error', j), tcp.listen(port, '127.0.0.1', () => (tcp.off('error', j), r()))));
      udp = s;
    } catch (e) {
      s.close();
      if (attempt > 10) throw e;
    }
  }
  const bound = udp;
  return {
    port,
    seen,
    tcpSeen,
    close: async () => {
      bound.close();
      await new Promise<void>((r) => tcp.close(() => r()));
    },
  };
}
