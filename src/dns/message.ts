// DNS messages in and out (wire format by dns-packet): reading a query,
// building responses (flags, EDNS0 echo, rcode), fitting UDP answers into
// the client's size with TC set, FORMERR/NOTIMP for bad queries, and
// re-using a cached encoded answer for a new query (ID, RD, question case).
// Cutting UDP answers to size is in encode.ts.
import * as dnsPacket from 'dns-packet';
import type { Answer, Packet, RecordClass } from 'dns-packet';
import { encodeMessage, type Encoded } from './encode.js';

export const RCODES = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export type Rcode = keyof typeof RCODES;

/** The largest UDP payload we send (the DNS flag day 2020 value). */
export const MAX_UDP_PAYLOAD = 1232;
const AA = dnsPacket.AUTHORITATIVE_ANSWER;
const RD = dnsPacket.RECURSION_DESIRED;
const RA = dnsPacket.RECURSION_AVAILABLE;

export interface Query {
  id: number;
  rd: boolean;
  /** The name as sent (case preserved, no trailing dot). */
  name: string;
  type: string;
  class: RecordClass;
  /** Whether the client sent an OPT record (we then answer with one). */
  edns: boolean;
  /** The largest UDP response the client accepts. */
  udpLimit: number;
  /** Wire length of header plus question (for patching cached answers). */
  questionEnd: number;
  raw: Buffer;
}

export type ParseOutcome = { ok: true; query: Query } | { ok: false; reply?: Buffer };

/** Decodes a query; malformed input yields FORMERR when a header can be read, else nothing (drop). */
export function parseQuery(raw: Buffer): ParseOutcome {
  if (raw.length < 12) return { ok: false };
  if (raw[2]! & 0x80) return { ok: false }; // a response: never answer those
  let d: dnsPacket.DecodedPacket & { opcode?: string };
  try {
    d = dnsPacket.decode(raw) as typeof d;
  } catch {
    return { ok: false, reply: errorReply(raw.readUInt16BE(0), 'FORMERR') };
  }
  const id = d.id ?? 0;
  if (d.opcode !== 'QUERY') return { ok: false, reply: errorReply(id, 'NOTIMP') };
  const q = d.questions?.[0];
  if (d.questions?.length !== 1 || !q) return { ok: false, reply: errorReply(id, 'FORMERR') };
  const opt = d.additionals?.find((a) => a.type === 'OPT') as dnsPacket.OptAnswer | undefined;
  const name = q.name === '.' ? '' : q.name;
  return {
    ok: true,
    query: {
      id,
      rd: d.flag_rd,
      name,
      type: q.type,
      class: q.class ?? 'IN',
      edns: !!opt,
      udpLimit: opt ? Math.max(512, Math.min(opt.udpPayloadSize, MAX_UDP_PAYLOAD)) : 512,
      questionEnd: 12 + (name ? Buffer.byteLength(name) + 2 : 1) + 4,
      raw,
    },
  };
}

function errorReply(id: number, rcode: Rcode): Buffer {
  return dnsPacket.encode({ type: 'response', id, flags: RA | RCODES[rcode], questions: [] });
}

export interface ResponseBody {
  rcode: Rcode;
  authoritative: boolean;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
}

export function responsePacket(q: Query, body: ResponseBody): Packet {
  const additionals = q.edns ? [...body.additionals, optRecord()] : body.additionals;
  return {
    type: 'response',
    id: q.id,
    flags: (body.authoritative ? AA : 0) | (q.rd ? RD : 0) | RA | RCODES[body.rcode],
    questions: [{ name: q.name, type: q.type as dnsPacket.RecordType, class: q.class }],
    answers: body.answers,
    authorities: body.authorities,
    additionals,
  };
}

function optRecord(): Answer {
  return { type: 'OPT', name: '.', udpPayloadSize: MAX_UDP_PAYLOAD, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] };
}

export function encodeResponse(q: Query, body: ResponseBody): Encoded {
  return encodeMessage(responsePacket(q, body));
}

/** A SERVFAIL (or other error) answer to a well-formed query. */
export function errorResponse(q: Query, rcode: Rcode): Buffer {
  return encodeResponse(q, { rcode, authoritative: false, answers: [], authorities: [], additionals: [] }).wire;
}

/** A copy of a cached encoded answer for query `q`: its ID, RD bit and question bytes (0x20 case). */
export function patchCached(cached: Buffer, q: Query): Buffer {
  const out = Buffer.allocUnsafe(cached.length);
  cached.copy(out);
  out.writeUInt16BE(q.id, 0);
  out[2] = q.rd ? out[2]! | 0x01 : out[2]! & 0xfe;
  const end = q.questionEnd;
  if (end <= q.raw.length && end <= out.length && sameIgnoringCase(q.raw, out, 12, end)) q.raw.copy(out, 12, 12, end);
  return out;
}

function sameIgnoringCase(a: Buffer, b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && ((x | 0x20) !== (y | 0x20) || (x | 0x20) < 0x61 || (x | 0x20) > 0x7a)) return false;
  }
  return true;
}
