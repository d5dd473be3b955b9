// SPDY/3.1 framing (the subset Kubernetes streams use): control frames
// SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS,
// WINDOW_UPDATE, and DATA frames. Header blocks stay compressed here; see
// headers.ts.

export const SPDY_VERSION = 3;

export const enum FrameType {
  SynStream = 1,
  SynReply = 2,
  RstStream = 3,
  Settings = 4,
  Ping = 6,
  GoAway = 7,
  Headers = 8,
  WindowUpdate = 9,
}

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

export const RST_PROTOCOL_ERROR = 1;
export const RST_INVALID_STREAM = 2;
export const RST_REFUSED_STREAM = 3;
export const RST_CANCEL = 5;
export const RST_INTERNAL_ERROR = 6;

export type Frame =
  | { kind: 'data'; streamId: number; flags: number; data: Buffer }
  | { kind: 'control'; type: number; version: number; flags: number; payload: Buffer };

export class SpdyProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpdyProtocolError';
  }
}

/** Incremental frame splitter: feed bytes, get whole frames. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Frame[] = [];
    while (this.buf.length >= 8) {
      const len = (this.buf[5] << 16) | (this.buf[6] << 8) | this.buf[7];
      if (this.buf.length < 8 + len) break;
      const flags = this.buf[4];
      const body = Buffer.from(this.buf.subarray(8, 8 + len));
      if (this.buf[0] & 0x80) {
        const version = this.buf.readUInt16BE(0) & 0x7fff;
        const type = this.buf.readUInt16BE(2);
        out.push({ kind: 'control', type, version, flags, payload: body });
      } else {
        out.push({ kind: 'data', streamId: this.buf.readUInt32BE(0) & 0x7fffffff, flags, data: body });
      }
      this.buf = this.buf.subarray(8 + len);
    }
    return out;
  }
}

function header(first: number, flags: number, length: number): Buffer {
  if (length > 0xffffff) throw new SpdyProtocolError(`frame too large: ${length}`);
  const h = Buffer.alloc(8);
  h.writeUInt32BE(first >>> 0, 0);
  h[4] = flags;
  h[5] = (length >> 16) & 0xff;
  h[6] = (length >> 8) & 0xff;
  h[7] = length & 0xff;
  return h;
}

export function controlFrame(type: FrameType, flags: number, payload: Buffer): Buffer {
  const first = (0x8000 | SPDY_VERSION) * 0x10000 + type;
  return Buffer.concat([header(first, flags, payload.length), payload]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([header(streamId & 0x7fffffff, flags, data.length), data]);
}

function u32s(...vals: number[]): Buffer {
  const b = Buffer.alloc(vals.length * 4);
  vals.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

export function synReplyFrame(streamId: number, flags: number, compressedHeaders: Buffer): Buffer {
  return controlFrame(FrameType.SynReply, flags, Buffer.concat([u32s(streamId & 0x7fffffff), compressedHeaders]));
}

export function synStreamFrame(streamId: number, flags: number, compressedHeaders: Buffer): Buffer {
  return controlFrame(FrameType.SynStream, flags, Buffer.concat([u32s(streamId & 0x7fffffff, 0), Buffer.from([0, 0]), compressedHeaders]));
}

export function rstStreamFrame(streamId: number, status: number): Buffer {
  return controlFrame(FrameType.RstStream, 0, u32s(streamId & 0x7fffffff, status));
}

export function pingFrame(id: number): Buffer {
  return controlFrame(FrameType.Ping, 0, u32s(id));
}

export function goAwayFrame(lastGoodStreamId: number, status = 0): Buffer {
  return controlFrame(FrameType.GoAway, 0, u32s(lastGoodStreamId & 0x7fffffff, status));
}

/** The stream id that starts most control frames' payloads. */
export function streamIdOf(payload: Buffer): number {
  if (payload.length < 4) throw new SpdyProtocolError('control frame too short');
  return payload.readUInt32BE(0) & 0x7fffffff;
}

/** Header block of a SYN_STREAM (after stream id, associated id, priority, slot). */
export function synStreamHeaderBlock(payload: Buffer): Buffer {
  if (payload.length < 10) throw new SpdyProtocolError('SYN_STREAM too short');
  return payload.subarray(10);
}

/** Encodes a header block (before compression): count, then length-prefixed names and values. */
export function encodeHeaderBlock(headers: Record<string, string | string[]>): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32s(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase());
    const v = Buffer.from(Array.isArray(value) ? value.join('\0') : value);
    parts.push(u32s(n.length), n, u32s(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Decodes an uncompressed header block; names are lower-cased, multiple values joined by NUL split out. */
export function decodeHeaderBlock(block: Buffer): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (block.length < 4) throw new SpdyProtocolError('header block too short');
  const count = block.readUInt32BE(0);
  let p = 4;
  const take = (): Buffer => {
    if (p + 4 > block.length) throw new SpdyProtocolError('truncated header block');
    const len = block.readUInt32BE(p);
    p += 4;
    if (p + len > block.length) throw new SpdyProtocolError('truncated header block');
    const b = block.subarray(p, p + len);
    p += len;
    return b;
  };
  for (let i = 0; i < count; i++) {
    const name = take().toString().toLowerCase();
    const values = take().toString().split('\0');
    (out[name] ??= []).push(...values);
  }
  return out;
}
