// A small stand-in RuntimeService for the agent server's tests: containers
// are records with a CRI log file; exec runs the command on the host (tar is
// confined to the container's directory), attach echoes stdin, port-forward
// connects to a loopback port.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Container, ContainerStatus, PodSandbox, RuntimeService, StreamOptions } from '../../cri/types.js';
import { LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID } from './lookup.js';

export interface FakeContainer {
  id: string;
  sandboxId: string;
  name: string;
  attempt: number;
  state: Container['state'];
  logPath: string;
  createdAt: number;
  /** Directory standing in for the root filesystem (for tar). */
  root: string;
}

export class FakeStreamsRuntime {
  readonly containers: FakeContainer[] = [];
  readonly sandboxes: PodSandbox[] = [];
  /** Loopback port that a forwarded pod port connects to. */
  readonly portMap = new Map<number, number>();
  /** Resize events seen by exec/attach. */
  readonly resizes: { width: number; height: number }[] = [];

  constructor(private readonly dir: string) {}

  addSandbox(ns: string, pod: string, uid: string): string {
    const id = `sb-${this.sandboxes.length + 1}`;
    const labels = { [LABEL_POD_NAMESPACE]: ns, [LABEL_POD_NAME]: pod, [LABEL_POD_UID]: uid };
    this.sandboxes.push({ id, metadata: { name: pod, namespace: ns, uid, attempt: 0 }, state: 'SANDBOX_READY', createdAt: Date.now() * 1e6, labels, annotations: {} });
    return id;
  }

  addContainer(sandboxId: string, name: string, attempt: number, state: Container['state'] = 'CONTAINER_RUNNING'): FakeContainer {
    const id = `c-${this.containers.length + 1}`;
    const root = join(this.dir, id, 'root');
    mkdirSync(join(root, 'tmp'), { recursive: true });
    const c: FakeContainer = { id, sandboxId, name, attempt, state, logPath: join(this.dir, id, `${attempt}.log`), createdAt: Date.now() * 1e6 + this.containers.length, root };
    this.containers.push(c);
    return c;
  }

  private view(c: FakeContainer): ContainerStatus {
    const sb = this.sandboxes.find((s) => s.id === c.sandboxId)!;
    return {
      id: c.id,
      podSandboxId: c.sandboxId,
      metadata: { name: c.name, attempt: c.attempt },
      image: { image: 'busybox' },
      imageRef: 'sha256:0',
      state: c.state,
      createdAt: c.createdAt,
      labels: { ...sb.labels, [LABEL_CONTAINER_NAME]: c.name },
      annotations: {},
      startedAt: c.createdAt,
      finishedAt: 0,
      exitCode: 0,
      reason: '',
      message: '',
      mounts: [],
      logPath: c.logPath,
    };
  }

  private get(id: string): FakeContainer {
    const c = this.containers.find((x) => x.id === id);
    if (!c) throw new Error(`container ${id} not found`);
    return c;
  }

  /** The RuntimeService view (only what the agent server uses is implemented). */
  service(): RuntimeService {
    const nope = (): never => {
      throw new Error('not implemented in FakeStreamsRuntime');
    };
    const matches = (labels: Record<string, string>, sel?: Record<string, string>): boolean => Object.entries(sel ?? {}).every(([k, v]) => labels[k] === v);
    return {
      version: async () => ({ version: '0.1.0', runtimeName: 'fake', runtimeVersion: '0', runtimeApiVersion: 'v1' }),
      runPodSandbox: nope,
      stopPodSandbox: nope,
      removePodSandbox: nope,
      podSandboxStatus: nope,
      listPodSandbox: async (f) => this.sandboxes.filter((s) => matches(s.labels, f?.labelSelector)),
      createContainer: nope,
      startContainer: nope,
      stopContainer: nope,
      removeContainer: nope,
      listContainers: async (f) => this.containers.map((c) => this.view(c)).filter((c) => matches(c.labels, f?.labelSelector)),
      containerStatus: async (id) => this.view(this.get(id)),
      execSync: nope,
      exec: (id, cmd, streams) => this.exec(this.get(id), cmd, streams),
      attach: (id, streams) => this.attach(streams),
      portForward: async (_sb, port) => {
        const target = this.portMap.get(port);
        if (!target) throw new Error(`connection refused: nothing listens on port ${port}`);
        const sock = connect(target, '127.0.0.1');
        await new Promise<void>((resolve, reject) => {
          sock.once('connect', resolve);
          sock.once('error', reject);
        });
        return sock;
      },
      containerStats: nope,
    };
  }

  private async exec(c: FakeContainer, cmd: string[], s: StreamOptions): Promise<number> {
    if (cmd[0] === 'fake-tty-size') {
      for await (const size of s.resize ?? []) {
        this.resizes.push(size);
        s.stdout?.write(`${size.width}x${size.height}\n`);
        break;
      }
      return 0;
    }
    let args = cmd.slice(1);
    if (cmd[0] === 'tar') args = confineTar(args, c.root);
    const child = spawn(cmd[0], args, { cwd: c.root, stdio: ['pipe', 'pipe', 'pipe'] });
    if (s.stdin) s.stdin.pipe(child.stdin);
    else child.stdin.end();
    child.stdin.on('error', () => {});
    const drained = (from: NodeJS.ReadableStream, to?: NodeJS.WritableStream): Promise<void> =>
      new Promise((resolve) => {
        from.on('data', (b: Buffer) => to?.write(b));
        from.on('end', () => resolve());
      });
    const outs = Promise.all([drained(child.stdout, s.stdout), drained(child.stderr, s.tty ? s.stdout : s.stderr)]);
    const code = await new Promise<number>((resolve) => {
      child.on('error', () => resolve(127));
      child.on('close', (code) => resolve(code ?? 1));
    });
    await outs;
    return code;
  }

  private async attach(s: StreamOptions): Promise<void> {
    s.stdout?.write('attached\n');
    if (!s.stdin) return;
    for await (const chunk of s.stdin) s.stdout?.write(chunk as Buffer);
  }
}

/** Rewrites tar arguments so absolute paths land inside `root`. */
function confineTar(args: string[], root: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-C' && args[i + 1]?.startsWith('/')) {
      out.push('-C', join(root, args[++i]));
    } else if (a.startsWith('/')) {
      out.push('-C', root, a.slice(1) || '.');
    } else out.push(a);
  }
  return out;
}
