// The server side of a SPDY/3.1 connection as Kubernetes uses it (moby
// spdystream clients): the client opens streams (SYN_STREAM with headers such
// as `streamtype`, `port`, `requestid`); the server replies (SYN_REPLY) and
// both sides send DATA, half-closing with FIN. Flow control is not enforced
// (spdystream neither sends nor honours WINDOW_UPDATE).
import { Duplex } from 'node:stream';
import {
  dataFrame,
  type Frame,
  FrameReader,
  FrameType,
  FLAG_FIN,
  goAwayFrame,
  pingFrame,
  RST_CANCEL,
  rstStreamFrame,
  streamIdOf,
  synReplyFrame,
  synStreamHeaderBlock,
} from './frames.js';
import { HeaderCompressor, HeaderDecompressor } from './headers.js';

/** Where the session's bytes go (a socket, or a WebSocket tunnel). */
export interface SpdyTransport {
  write(b: Buffer): void;
  end(): void;
}

const MAX_DATA = 32 * 1024;

export class SpdyStream extends Duplex {
  constructor(
    private readonly session: SpdySession,
    readonly id: number,
    readonly headers: Record<string, string[]>,
  ) {
    super({ allowHalfOpen: true });
  }

  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()]?.[0];
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.session.sendData(this.id, chunk, false).then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.session.sendData(this.id, Buffer.alloc(0), true).then(() => cb(), cb);
  }

  /** Aborts the stream (RST_STREAM CANCEL). */
  reset(): void {
    this.session.sendReset(this.id);
    this.destroy();
  }
}

export class SpdySession {
  private readonly reader = new FrameReader();
  private readonly deflate = new HeaderCompressor();
  private readonly inflate = new HeaderDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private inq: Promise<void> = Promise.resolve();
  private outq: Promise<void> = Promise.resolve();
  private lastStreamId = 0;
  private closed = false;
  private onStream: (s: SpdyStream) => void = () => {};
  private onClose: () => void = () => {};

  constructor(private readonly transport: SpdyTransport) {}

  /** Registers the handler for new client streams (called after the reply is queued). */
  streamHandler(fn: (s: SpdyStream) => void): void {
    this.onStream = fn;
  }

  closeHandler(fn: () => void): void {
    this.onClose = fn;
  }

  /** Feeds bytes received from the peer. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch {
      this.close();
      return;
    }
    for (const f of frames) this.inq = this.inq.then(() => this.handle(f)).catch(() => this.close());
  }

  /** The peer went away: every stream ends. */
  transportClosed(): void {
    if (this.closed) return;
    this.closed = true;
    // Readers see end-of-stream (so a command reading stdin finishes), then the streams go.
    for (const s of this.streams.values()) {
      if (!s.readableEnded) s.push(null);
      setImmediate(() => s.destroy());
    }
    this.streams.clear();
    this.deflate.close();
    this.inflate.close();
    this.onClose();
  }

  private async handle(f: Frame): Promise<void> {
    if (f.kind === 'data') {
      const s = this.streams.get(f.streamId);
      if (!s) return;
      if (f.data.length) s.push(f.data);
      if (f.flags & FLAG_FIN) s.push(null);
      return;
    }
    switch (f.type) {
      case FrameType.SynStream: {
        const id = streamIdOf(f.payload);
        const headers = await this.inflate.decompress(synStreamHeaderBlock(f.payload));
        if (id <= this.lastStreamId || this.closed) return;
        this.lastStreamId = id;
        const s = new SpdyStream(this, id, headers);
        this.streams.set(id, s);
        s.on('close', () => this.streams.delete(id));
        s.on('error', () => {});
        if (f.flags & FLAG_FIN) s.push(null);
        await this.enqueue(async () => synReplyFrame(id, 0, await this.deflate.compress({})));
        this.onStream(s);
        return;
      }
      case FrameType.Headers:
        await this.inflate.decompress(f.payload.subarray(4));
        return;
      case FrameType.RstStream: {
        const s = this.streams.get(streamIdOf(f.payload));
        s?.destroy();
        return;
      }
      case FrameType.Ping: {
        const id = f.payload.readUInt32BE(0);
        // Echo the peer's pings (odd ids: client-initiated); ours would be even.
        if (id % 2 === 1) await this.enqueue(async () => pingFrame(id));
        return;
      }
      case FrameType.GoAway:
        this.close();
        return;
      default:
        return; // SETTINGS, WINDOW_UPDATE, SYN_REPLY, unknown: ignored
    }
  }

  private enqueue(build: () => Promise<Buffer> | Buffer): Promise<void> {
    const p = this.outq.then(async () => {
      if (this.closed) return;
      const frame = await build();
      this.transport.write(frame);
    });
    this.outq = p.catch(() => {});
    return p;
  }

  sendData(id: number, data: Buffer, fin: boolean): Promise<void> {
    let last: Promise<void> = Promise.resolve();
    if (data.length === 0) return this.enqueue(() => dataFrame(id, fin ? FLAG_FIN : 0, data));
    for (let off = 0; off < data.length; off += MAX_DATA) {
      const piece = data.subarray(off, off + MAX_DATA);
      const end = off + MAX_DATA >= data.length;
      last = this.enqueue(() => dataFrame(id, fin && end ? FLAG_FIN : 0, piece));
    }
    return last;
  }

  sendReset(id: number): void {
    void this.enqueue(() => rstStreamFrame(id, RST_CANCEL));
  }

  /** Sends GOAWAY once everything queued is written, then ends the transport. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.enqueue(() => goAwayFrame(this.lastStreamId));
    await this.outq;
    this.transport.end();
    this.transportClosed();
  }
}
