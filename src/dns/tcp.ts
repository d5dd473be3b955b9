// DNS over TCP (RFC 7766): length-prefixed messages, several queries per
// connection answered as they complete (possibly out of order), an idle
// timeout, and connections dropped on a malformed frame.
import { createServer, type Server, type Socket } from 'node:net';

export interface TcpHandlers {
  /** The answer to one message, or undefined to send nothing. */
  handle(msg: Buffer): Buffer | undefined | Promise<Buffer | undefined>;
  onError(e: Error): void;
}

export const TCP_IDLE_MS = 10_000;
const MAX_PENDING = 64;

export interface TcpServer {
  server: Server;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

export function createTcpServer(h: TcpHandlers): TcpServer {
  const open = new Set<Socket>();
  const server = createServer((sock) => {
    open.add(sock);
    sock.on('close', () => open.delete(sock));
    serveConnection(sock, h);
  });
  server.on('error', (e) => h.onError(e));
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of open) s.destroy();
      }),
  };
}

function serveConnection(sock: Socket, h: TcpHandlers): void {
  let buf: Buffer = Buffer.alloc(0);
  let pending = 0;
  sock.setNoDelay(true);
  sock.setTimeout(TCP_IDLE_MS, () => sock.destroy());
  sock.on('error', () => sock.destroy());
  const send = (out: Buffer | undefined): void => {
    pending--;
    if (!out || sock.destroyed) return;
    const frame = Buffer.allocUnsafe(2 + out.length);
    frame.writeUInt16BE(out.length, 0);
    out.copy(frame, 2);
    sock.write(frame);
    if (sock.isPaused() && pending < MAX_PENDING) sock.resume();
  };
  sock.on('data', (chunk: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (buf.length >= 2) {
      const len = buf.readUInt16BE(0);
      if (buf.length < 2 + len) break;
      const msg = Buffer.from(buf.subarray(2, 2 + len));
      buf = buf.subarray(2 + len);
      pending++;
      try {
        const r = h.handle(msg);
        if (r instanceof Promise) r.then(send, () => send(undefined));
        else send(r);
      } catch (e) {
        h.onError(e as Error);
        send(undefined);
      }
    }
    if (pending >= MAX_PENDING) sock.pause();
  });
}
