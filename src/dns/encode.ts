// Response encoding on top of dns-packet's record encoder: owner names that
// end in the question name are compressed with a pointer into the question
// (RFC 1035 4.1.4; dns-packet itself never compresses, and uncompressed
// answers overflow 512 bytes three times sooner), and record boundaries are
// kept so a UDP answer can be cut to size without re-encoding.
import * as dnsPacket from 'dns-packet';
import type { Answer, Packet } from 'dns-packet';

const rrEncoder = (dnsPacket as unknown as { answer: { encode(a: Answer): Buffer } }).answer;

export interface Encoded {
  wire: Buffer;
  /** End of header + question. */
  questionEnd: number;
  counts: [answers: number, authorities: number, additionals: number];
  /** Start offset of every record in `wire`, then the end of the last. */
  bounds: number[];
  /** The last additional is the OPT record. */
  hasOpt: boolean;
  /** Several address records of equal size in the answer: their order may rotate per query. */
  rotatable: boolean;
}

const labelsOf = (name: string): string[] => (name === '' || name === '.' ? [] : name.replace(/\.$/, '').split('.'));

/** Encodes a response with one question. */
export function encodeMessage(p: Packet): Encoded {
  const q = p.questions?.[0];
  const head = dnsPacket.encode({ ...p, answers: [], authorities: [], additionals: [] });
  const qLabels = labelsOf(q?.name ?? '');
  const qLower = qLabels.map((l) => l.toLowerCase());
  // Offset of each question label (for pointers to a suffix of the question name).
  const offsets: number[] = [];
  let off = 12;
  for (const l of qLabels) {
    offsets.push(off);
    off += Buffer.byteLength(l) + 1;
  }
  const parts: Buffer[] = [head];
  const bounds: number[] = [];
  let pos = head.length;
  const sections = [p.answers ?? [], p.authorities ?? [], p.additionals ?? []];
  for (const list of sections) {
    for (const rr of list) {
      const enc = compressOwner(rrEncoder.encode(rr), rr.name, qLower, offsets);
      bounds.push(pos);
      parts.push(enc);
      pos += enc.length;
    }
  }
  bounds.push(pos);
  const wire = Buffer.concat(parts, pos);
  const counts: Encoded['counts'] = [sections[0]!.length, sections[1]!.length, sections[2]!.length];
  wire.writeUInt16BE(counts[0], 6);
  wire.writeUInt16BE(counts[1], 8);
  wire.writeUInt16BE(counts[2], 10);
  const adds = sections[2]!;
  const answers = sections[0]!;
  const sizes = new Set(answers.map((_, i) => bounds[i + 1]! - bounds[i]!));
  const rotatable = answers.length > 1 && sizes.size === 1 && answers.every((a) => a.type === 'A' || a.type === 'AAAA');
  return { wire, questionEnd: head.length, counts, bounds, hasOpt: adds.length > 0 && adds[adds.length - 1]!.type === 'OPT', rotatable };
}

/** Replaces the owner name's longest suffix shared with the question by a pointer. */
function compressOwner(rr: Buffer, owner: string, qLower: string[], qOffsets: number[]): Buffer {
  const labels = labelsOf(owner);
  let k = 0;
  while (k < labels.length && k < qLower.length && labels[labels.length - 1 - k]!.toLowerCase() === qLower[qLower.length - 1 - k]) k++;
  if (k === 0) return rr;
  const keep = labels.slice(0, labels.length - k).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
  const ownerLen = labels.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0) + 1;
  const ptr = qOffsets[qLower.length - k]!;
  const out = Buffer.allocUnsafe(rr.length - ownerLen + keep + 2);
  rr.copy(out, 0, 0, keep);
  out.writeUInt16BE(0xc000 | ptr, keep);
  rr.copy(out, keep + 2, ownerLen);
  return out;
}

/**
 * `wire` (the encoded message, or a copy patched for another query) cut to `limit` bytes:
 * additionals dropped first (no TC); if answers and authorities do not fit either, TC set
 * and as many answers as fit. The OPT record is always kept.
 */
export function fitToSize(e: Encoded, wire: Buffer, limit: number): Buffer {
  if (wire.length <= limit) return wire;
  const b = e.bounds;
  const [an, ns, ar] = e.counts;
  const optSlice = e.hasOpt ? wire.subarray(b[an + ns + ar - 1]!, b[an + ns + ar]!) : undefined;
  const budget = limit - e.questionEnd - (optSlice?.length ?? 0);
  const slice = (i: number): Buffer => wire.subarray(b[i]!, b[i + 1]!);
  const chosen: Buffer[] = [];
  let used = 0;
  let counts: [number, number, number];
  let truncated = false;
  if (b[an + ns]! - b[0]! <= budget) {
    for (let i = 0; i < an + ns; i++) chosen.push(slice(i));
    used = b[an + ns]! - b[0]!;
    let kept = 0;
    for (let i = an + ns; i < an + ns + ar - (optSlice ? 1 : 0); i++) {
      if (used + slice(i).length > budget) break;
      chosen.push(slice(i));
      used += slice(i).length;
      kept++;
    }
    counts = [an, ns, kept];
  } else {
    truncated = true;
    let kept = 0;
    for (let i = 0; i < an && used + slice(i).length <= budget; i++) {
      chosen.push(slice(i));
      used += slice(i).length;
      kept++;
    }
    counts = [kept, 0, 0];
  }
  if (optSlice) {
    chosen.push(optSlice);
    counts[2]++;
  }
  const out = Buffer.concat([wire.subarray(0, e.questionEnd), ...chosen]);
  out.writeUInt16BE(counts[0], 6);
  out.writeUInt16BE(counts[1], 8);
  out.writeUInt16BE(counts[2], 10);
  if (truncated) out[2] = out[2]! | 0x02;
  return out;
}

/**
 * `wire` with its answer records rotated by `k` (round-robin over the addresses, as
 * CoreDNS's loadbalance plugin shuffles them), so clients that take the first address
 * spread over a headless service's endpoints. Record sizes are equal, so `e.bounds` still holds.
 */
export function rotateAnswers(e: Encoded, wire: Buffer, k: number): Buffer {
  const n = e.counts[0];
  if (!e.rotatable || n < 2 || k % n === 0) return wire;
  const b = e.bounds;
  const size = b[1]! - b[0]!;
  const out = Buffer.from(wire);
  const shift = (k % n) * size;
  const span = n * size;
  // Answers start at b[0]: copy the tail of the section first, then its head.
  wire.copy(out, b[0]!, b[0]! + shift, b[0]! + span);
  wire.copy(out, b[0]! + span - shift, b[0]!, b[0]! + shift);
  return out;
}
