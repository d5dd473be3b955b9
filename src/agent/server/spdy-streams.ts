// Exec/attach over SPDY (the protocol kubectl used before WebSockets, and
// still falls back to): the client opens one stream per channel, marked by
// its `streamtype` header (error, stdin, stdout, stderr, resize); the server
// waits for all of them, runs the command, writes the status on the error
// stream and closes everything.
import { endWritable, type CommandSession, type ExecStatus, type StreamRequest, type TerminalSize } from './remotecommand.js';
import type { SpdySession, SpdyStream } from './spdy/session.js';
import { parseResize } from './ws-channels.js';

/** Remote command protocols negotiated with X-Stream-Protocol-Version, most preferred first. */
export const SPDY_EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

export class StreamTimeoutError extends Error {
  constructor() {
    super('timed out waiting for client to create streams');
    this.name = 'StreamTimeoutError';
  }
}

async function* resizeEvents(stream: SpdyStream): AsyncIterable<TerminalSize> {
  for await (const chunk of stream) for (const s of parseResize(chunk as Buffer)) yield s;
}

/** Waits for the client's streams, then returns the session over them. */
export function spdyCommandSession(session: SpdySession, protocol: string, req: StreamRequest, timeoutMs = 30_000): Promise<CommandSession> {
  const resizing = req.tty && protocol !== 'v2.channel.k8s.io' && protocol !== 'channel.k8s.io';
  const expected = 1 + Number(req.stdin) + Number(req.stdout) + Number(req.stderr) + Number(resizing);
  const streams: Record<string, SpdyStream> = {};
  return new Promise((resolve, reject) => {
    let count = 0;
    const timer = setTimeout(() => {
      void session.close();
      reject(new StreamTimeoutError());
    }, timeoutMs);
    session.streamHandler((s) => {
      const type = s.header('streamtype') ?? '';
      if (!['error', 'stdin', 'stdout', 'stderr', 'resize'].includes(type) || streams[type]) {
        s.reset();
        return;
      }
      streams[type] = s;
      if (++count < expected) return;
      clearTimeout(timer);
      const errorStream = streams.error;
      const v4plus = protocol === 'v4.channel.k8s.io' || protocol === 'v5.channel.k8s.io';
      resolve({
        stdin: streams.stdin,
        stdout: streams.stdout,
        stderr: streams.stderr,
        tty: req.tty,
        resize: streams.resize ? resizeEvents(streams.resize) : undefined,
        async writeStatus(st: ExecStatus) {
          if (!errorStream) return;
          const body = v4plus ? JSON.stringify(st) : st.status === 'Success' ? '' : (st.message ?? 'error');
          if (body) await new Promise<void>((r) => errorStream.write(body, () => r()));
        },
        async close() {
          await Promise.all(Object.values(streams).map((s) => endWritable(s)));
          await session.close();
        },
      });
    });
  });
}
