// Interactive streams: exec (runc exec with piped stdio), attach (the CRI log
// followed live, stdin written to the container's stdin pipe) and port
// forwarding (busybox nc inside the pod's network namespace).
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { open, readFile, readlink, stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { Duplex } from 'node:stream';
import { connect } from 'node:net';
import type { StreamOptions } from '../cri/types.js';
import { CriError } from '../cri/types.js';

export class StreamError extends CriError {}

/** Runs `args` (a full runtime exec command line) with the caller's streams; resolves with the exit code. */
export function execWithStreams(runtimePath: string, args: string[], streams: StreamOptions): Promise<number> {
  if (streams.tty) return execWithTty(runtimePath, args, streams);
  return new Promise((resolve, reject) => {
    const child = spawn(runtimePath, args, { stdio: [streams.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    if (streams.stdin && child.stdin) {
      child.stdin.on('error', () => {});
      streams.stdin.pipe(child.stdin);
    }
    const forward = (from: NodeJS.ReadableStream, to: NodeJS.WritableStream | undefined) => {
      from.on('data', (b: Buffer) => to?.write(b));
    };
    let open = 2;
    let code: number | null = null;
    const maybeDone = () => {
      if (open === 0 && code !== null) resolve(code);
    };
    forward(child.stdout!, streams.stdout);
    forward(child.stderr!, streams.stderr);
    child.stdout!.on('end', () => (open--, maybeDone()));
    child.stderr!.on('end', () => (open--, maybeDone()));
    child.on('error', reject);
    child.on('exit', (c, sig) => {
      if (streams.stdin && child.stdin) streams.stdin.unpipe(child.stdin);
      code = c ?? (sig ? 137 : 1);
      maybeDone();
    });
  });
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * exec with a terminal: `runc exec -t` in the foreground needs a controlling
 * terminal of its own, which `script` (util-linux) provides: it runs runc on
 * a fresh pty and relays it to our pipes. runc then makes the container's pty
 * and follows its own terminal's size, which resize events set with stty.
 */
function execWithTty(runtimePath: string, args: string[], streams: StreamOptions): Promise<number> {
  const ttyArgs = [...args];
  ttyArgs.splice(ttyArgs.indexOf('exec') + 1, 0, '-t');
  const command = [runtimePath, ...ttyArgs].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => {});
    if (streams.stdin) streams.stdin.pipe(child.stdin);
    child.stdout.on('data', (b: Buffer) => streams.stdout?.write(b));
    child.stderr.on('data', (b: Buffer) => streams.stderr?.write(b));
    if (streams.resize) void followResize(child.pid!, streams.resize);
    child.on('error', reject);
    child.on('close', (c, sig) => {
      if (streams.stdin) streams.stdin.unpipe(child.stdin);
      resolve(c ?? (sig ? 137 : 1));
    });
  });
}

/** Applies terminal size changes to the pty `script` gave runc (best effort). */
async function followResize(scriptPid: number, sizes: AsyncIterable<{ width: number; height: number }>): Promise<void> {
  for await (const { width, height } of sizes) {
    try {
      const kids = (await readFile(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean);
      for (const kid of kids) {
        const pts = await readlink(`/proc/${kid}/fd/0`);
        if (!pts.startsWith('/dev/pts/')) continue;
        await new Promise<void>((r) => execFile('stty', ['-F', pts, 'rows', String(height), 'cols', String(width)], () => r()));
      }
    } catch {
      // the session may be gone; nothing to resize
    }
  }
}

/** One CRI log line: `<time> <stream> <P|F> <content>`. */
export function parseCriLogLine(line: string): { stream: 'stdout' | 'stderr'; partial: boolean; content: string } | undefined {
  const m = /^(\S+) (stdout|stderr) ([PF]) (.*)$/.exec(line);
  if (!m) return undefined;
  return { stream: m[2] as 'stdout' | 'stderr', partial: m[3] === 'P', content: m[4]! };
}

/** Follows a CRI log from its current end, writing content to the streams until `done()` resolves. */
export async function followLog(path: string, streams: StreamOptions, done: Promise<void>): Promise<void> {
  let pos = 0;
  try {
    pos = (await stat(path)).size;
  } catch {
    pos = 0;
  }
  let finished = false;
  void done.then(() => (finished = true));
  let rest = '';
  const pump = async () => {
    let fh;
    try {
      fh = await open(path, 'r');
    } catch {
      return;
    }
    try {
      for (;;) {
        const buf = Buffer.alloc(65536);
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        rest += buf.subarray(0, bytesRead).toString();
        let nl;
        while ((nl = rest.indexOf('\n')) >= 0) {
          const entry = parseCriLogLine(rest.slice(0, nl));
          rest = rest.slice(nl + 1);
          if (!entry) continue;
          const out = entry.stream === 'stdout' ? streams.stdout : streams.stderr;
          out?.write(entry.partial ? entry.content : `${entry.content}\n`);
        }
      }
    } finally {
      await fh.close();
    }
  };
  while (!finished) {
    await pump();
    await new Promise((r) => setTimeout(r, 50));
  }
  await pump();
}

/** Writes the caller's stdin into the container's stdin pipe (held open by conmon). */
export function attachStdin(containerPid: number, stdin: NodeJS.ReadableStream): () => void {
  const out = createWriteStream(`/proc/${containerPid}/fd/0`, { flags: 'w' });
  out.on('error', () => {});
  stdin.pipe(out);
  return () => {
    stdin.unpipe(out);
    out.end();
  };
}

/** A TCP connection to 127.0.0.1:`port` inside the network namespace at `netnsPath` (host network: none). */
export function portForwardStream(netnsPath: string | undefined, port: number, busybox: string): Promise<NodeJS.ReadWriteStream> {
  if (!netnsPath) {
    return new Promise((resolve, reject) => {
      const sock = connect({ host: '127.0.0.1', port }, () => resolve(sock));
      sock.once('error', reject);
    });
  }
  const child = spawn('nsenter', [`--net=${netnsPath}`, '--', busybox, 'nc', '127.0.0.1', String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  return Promise.resolve(new ProcessStream(child, port));
}

/** A child process's stdin/stdout as one duplex stream (the connection). */
class ProcessStream extends Duplex {
  private stderr = '';

  constructor(private readonly child: ChildProcessWithoutNullStreams, port: number) {
    super();
    child.stdin.on('error', () => {});
    child.stderr.on('data', (b: Buffer) => (this.stderr += b.toString()));
    child.stdout.on('data', (b: Buffer) => {
      if (!this.push(b)) child.stdout.pause();
    });
    child.stdout.on('end', () => this.push(null));
    child.on('exit', (code) => {
      if (code !== 0 && this.stderr) this.destroy(new StreamError(`port-forward to ${port}: ${this.stderr.trim()}`));
    });
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.child.stdin.destroyed) return cb();
    this.child.stdin.write(chunk, () => cb());
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.child.stdin.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    cb(err);
  }
}
