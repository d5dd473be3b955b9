// In-memory RuntimeService and ImageService for the agent's unit tests.
// Containers "run" until stopped. A tiny interpreter gives `sh -c` scripts of
// `echo …[>&2]`, `sleep N`, `exit N`, `true`, `false` their effect (output in
// the CRI log file, exit code, duration), so the shared contract suite runs
// against this fake and the real runtime alike. Tests can script exits and
// exec results.
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import type {
  RuntimeService, ImageService, RuntimeVersion, PodSandboxConfig, PodSandboxStatus, PodSandbox, PodSandboxFilter,
  ContainerConfig, Container, ContainerFilter, ContainerStatus, ExecSyncResponse, StreamOptions, ContainerStats,
  Image, ImageSpec, ImageFsInfo, ContainerState,
} from './types.js';
import { NotFoundError, CreateContainerError, StartContainerError, CriError, ImagePullError } from './types.js';

interface FakeSandbox {
  id: string;
  config: PodSandboxConfig;
  createdAt: number;
  ready: boolean;
}

interface FakeContainer {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  logPath: string;
  imageRef: string;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  state: ContainerState;
  exitCode: number;
  reason: string;
  /** Exits with this code on SIGTERM; undefined: ignores SIGTERM (pid 1 without a handler). */
  termExit?: number;
  timer?: NodeJS.Timeout;
}

/** State shared by every FakeRuntime made over it (what the real runtime keeps on disk). */
export class FakeState {
  sandboxes = new Map<string, FakeSandbox>();
  containers = new Map<string, FakeContainer>();
  /** Every call, for assertions: `runPodSandbox`, `startContainer <id>`, … */
  calls: string[] = [];
}

export type ExecHandler = (containerId: string, cmd: string[]) => ExecSyncResponse | undefined;

type Step = { kind: 'echo'; text: string; stream: 'stdout' | 'stderr' } | { kind: 'sleep'; seconds: number } | { kind: 'exit'; code: number };

/** The steps of a container command the fake understands; undefined: runs until stopped. */
export function interpret(argv: string[]): Step[] | undefined {
  const base = (s: string | undefined) => (s ?? '').split('/').pop();
  if (base(argv[0]) === 'sh' && argv[1] === '-c' && argv[2] !== undefined) return parseScript(argv[2]);
  if (argv.length === 0) return undefined;
  return parseScript(argv.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ').replace(/^\S*\//, ''));
}

function parseScript(script: string): Step[] | undefined {
  const steps: Step[] = [];
  for (const raw of script.split(/;|\n|&&/)) {
    const stmt = raw.trim();
    if (!stmt) continue;
    let m: RegExpExecArray | null;
    if ((m = /^echo\s*(.*?)\s*(>&2|1>&2)?$/.exec(stmt))) steps.push({ kind: 'echo', text: unquote(m[1]!), stream: m[2] ? 'stderr' : 'stdout' });
    else if ((m = /^sleep\s+([\d.]+)$/.exec(stmt))) steps.push({ kind: 'sleep', seconds: Number(m[1]) });
    else if ((m = /^exit\s+(\d+)$/.exec(stmt))) steps.push({ kind: 'exit', code: Number(m[1]) });
    else if (stmt === 'true' || stmt === ':') continue;
    else if (stmt === 'false') steps.push({ kind: 'exit', code: 1 });
    else return undefined;
  }
  return steps;
}

function unquote(s: string): string {
  return s.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
}

const now = () => Date.now() * 1_000_000;
const newId = () => randomBytes(32).toString('hex');
const matches = (labels: Record<string, string>, sel?: Record<string, string>) => !sel || Object.entries(sel).every(([k, v]) => labels[k] === v);

export class FakeRuntime implements RuntimeService {
  execHandler?: ExecHandler;

  constructor(readonly state: FakeState = new FakeState()) {}

  /** A second runtime over the same state: what an agent restart sees. */
  reopen(): FakeRuntime {
    const r = new FakeRuntime(this.state);
    r.execHandler = this.execHandler;
    return r;
  }

  async version(): Promise<RuntimeVersion> {
    return { version: '0.1.0', runtimeName: 'fake', runtimeVersion: '0.0.1', runtimeApiVersion: 'v1' };
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const id = newId();
    this.state.calls.push('runPodSandbox');
    this.state.sandboxes.set(id, { id, config, createdAt: now(), ready: true });
    return id;
  }

  async stopPodSandbox(id: string): Promise<void> {
    this.state.calls.push(`stopPodSandbox ${id}`);
    const sb = this.state.sandboxes.get(id);
    if (!sb) return;
    for (const c of this.state.containers.values()) if (c.sandboxId === id) await this.stopContainer(c.id, 0);
    sb.ready = false;
  }

  async removePodSandbox(id: string): Promise<void> {
    this.state.calls.push(`removePodSandbox ${id}`);
    if (!this.state.sandboxes.has(id)) return;
    for (const c of [...this.state.containers.values()]) if (c.sandboxId === id) await this.removeContainer(c.id);
    this.state.sandboxes.delete(id);
  }

  private sandbox(id: string): FakeSandbox {
    const sb = this.state.sandboxes.get(id);
    if (!sb) throw new NotFoundError(`pod sandbox ${id} not found`);
    return sb;
  }

  private toSandbox(sb: FakeSandbox): PodSandbox {
    return { id: sb.id, metadata: sb.config.metadata, state: sb.ready ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY', createdAt: sb.createdAt,
      labels: { ...(sb.config.labels ?? {}) }, annotations: { ...(sb.config.annotations ?? {}) } };
  }

  async podSandboxStatus(id: string): Promise<PodSandboxStatus> {
    const sb = this.sandbox(id);
    return { ...this.toSandbox(sb), linux: { namespaces: { options: { ...(sb.config.linux?.securityContext?.namespaceOptions ?? {}) } } } };
  }

  async listPodSandbox(f?: PodSandboxFilter): Promise<PodSandbox[]> {
    return [...this.state.sandboxes.values()].map((s) => this.toSandbox(s))
      .filter((s) => (!f?.id || s.id.startsWith(f.id)) && (!f?.state || s.state === f.state) && matches(s.labels, f?.labelSelector));
  }

  async createContainer(sandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    this.state.calls.push(`createContainer ${config.metadata.name}`);
    const sb = this.sandbox(sandboxId);
    if (!sb.ready) throw new CreateContainerError(`pod sandbox ${sandboxId} is not ready`);
    if ([...(config.command ?? []), ...(config.args ?? [])].length === 0) throw new CreateContainerError(`container ${config.metadata.name}: no command specified`);
    const id = newId();
    const logDir = sandboxConfig.logDirectory ?? sb.config.logDirectory;
    const logPath = logDir && config.logPath ? join(logDir, config.logPath) : '';
    if (logPath) mkdirSync(dirname(logPath), { recursive: true });
    this.state.containers.set(id, {
      id, sandboxId, config, logPath, imageRef: `sha256:${createHash('sha256').update(config.image.image).digest('hex')}`,
      createdAt: now(), startedAt: 0, finishedAt: 0, state: 'CONTAINER_CREATED', exitCode: 0, reason: '',
    });
    return id;
  }

  private container(id: string): FakeContainer {
    const c = this.state.containers.get(id);
    if (!c) throw new NotFoundError(`container ${id} not found`);
    return c;
  }

  private log(c: FakeContainer, stream: 'stdout' | 'stderr', text: string): void {
    if (!c.logPath) return;
    appendFileSync(c.logPath, `${new Date().toISOString().replace('Z', '000000+00:00')} ${stream} F ${text}\n`);
  }

  async startContainer(id: string): Promise<void> {
    this.state.calls.push(`startContainer ${id}`);
    const c = this.container(id);
    if (c.state !== 'CONTAINER_CREATED') throw new StartContainerError(`container ${id} is ${c.state}, not created`);
    c.state = 'CONTAINER_RUNNING';
    c.startedAt = now();
    const steps = interpret([...(c.config.command ?? []), ...(c.config.args ?? [])]);
    if (!steps) return;
    // Output is written at once; sleeps delay the exit.
    let delay = 0;
    let code = 0;
    for (const s of steps) {
      if (s.kind === 'echo') this.log(c, s.stream, s.text);
      else if (s.kind === 'sleep') delay += s.seconds;
      else { code = s.code; break; }
    }
    if (delay >= 3600) return;
    c.timer = setTimeout(() => this.exitContainer(id, code), delay * 1000);
    c.timer.unref();
  }

  /** Scripted exit: the container ends with `exitCode` (and `reason`, e.g. 'OOMKilled'). */
  exitContainer(id: string, exitCode: number, reason?: string): void {
    const c = this.container(id);
    if (c.state === 'CONTAINER_EXITED') return;
    if (c.timer) clearTimeout(c.timer);
    c.state = 'CONTAINER_EXITED';
    c.exitCode = exitCode;
    c.finishedAt = now();
    if (c.startedAt === 0) c.startedAt = c.finishedAt;
    c.reason = reason ?? (exitCode === 0 ? 'Completed' : 'Error');
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    this.state.calls.push(`stopContainer ${id}`);
    const c = this.container(id);
    if (c.state === 'CONTAINER_EXITED') return;
    if (timeoutSeconds > 0 && c.state === 'CONTAINER_RUNNING' && c.termExit !== undefined) return this.exitContainer(id, c.termExit);
    if (timeoutSeconds > 0 && c.state === 'CONTAINER_RUNNING') await new Promise((r) => setTimeout(r, Math.min(timeoutSeconds, 1) * 1000));
    this.exitContainer(id, 137);
  }

  /** Makes the container exit with `code` on its stop signal instead of ignoring it. */
  handleStopSignal(id: string, code: number): void {
    this.container(id).termExit = code;
  }

  async removeContainer(id: string): Promise<void> {
    this.state.calls.push(`removeContainer ${id}`);
    const c = this.state.containers.get(id);
    if (!c) return;
    if (c.timer) clearTimeout(c.timer);
    this.state.containers.delete(id);
  }

  private toContainer(c: FakeContainer): Container {
    return { id: c.id, podSandboxId: c.sandboxId, metadata: c.config.metadata, image: c.config.image, imageRef: c.imageRef,
      state: c.state, createdAt: c.createdAt, labels: { ...(c.config.labels ?? {}) }, annotations: { ...(c.config.annotations ?? {}) } };
  }

  async listContainers(f?: ContainerFilter): Promise<Container[]> {
    return [...this.state.containers.values()].map((c) => this.toContainer(c))
      .filter((c) => (!f?.id || c.id.startsWith(f.id)) && (!f?.state || c.state === f.state)
        && (!f?.podSandboxId || c.podSandboxId === f.podSandboxId) && matches(c.labels, f?.labelSelector));
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    const c = this.container(id);
    return { ...this.toContainer(c), startedAt: c.startedAt, finishedAt: c.finishedAt, exitCode: c.exitCode, reason: c.reason,
      message: '', mounts: c.config.mounts ?? [], logPath: c.logPath };
  }

  private running(id: string): FakeContainer {
    const c = this.container(id);
    if (c.state !== 'CONTAINER_RUNNING') throw new CriError(`container ${id} is not running (${c.state})`);
    return c;
  }

  async execSync(id: string, cmd: string[], _timeoutSeconds = 0): Promise<ExecSyncResponse> {
    this.running(id);
    const scripted = this.execHandler?.(id, cmd);
    if (scripted) return scripted;
    const steps = interpret(cmd);
    if (!steps) return { stdout: Buffer.alloc(0), stderr: Buffer.from(`exec: ${cmd[0]}: not found\n`), exitCode: 127 };
    let out = '';
    let err = '';
    for (const s of steps) {
      if (s.kind === 'echo') s.stream === 'stdout' ? (out += `${s.text}\n`) : (err += `${s.text}\n`);
      else if (s.kind === 'exit') return { stdout: Buffer.from(out), stderr: Buffer.from(err), exitCode: s.code };
    }
    return { stdout: Buffer.from(out), stderr: Buffer.from(err), exitCode: 0 };
  }

  async exec(id: string, cmd: string[], streams: StreamOptions): Promise<number> {
    const r = await this.execSync(id, cmd);
    if (r.stdout.length) streams.stdout?.write(r.stdout);
    if (r.stderr.length) streams.stderr?.write(r.stderr);
    return r.exitCode;
  }

  async attach(id: string): Promise<void> {
    this.running(id);
  }

  async portForward(podSandboxId: string): Promise<NodeJS.ReadWriteStream> {
    this.sandbox(podSandboxId);
    return new PassThrough();
  }

  async containerStats(id: string): Promise<ContainerStats> {
    this.container(id);
    return { containerId: id, timestamp: now(), cpuUsageCoreNanoSeconds: 0, memoryWorkingSetBytes: 0 };
  }
}

export class FakeImageService implements ImageService {
  images = new Map<string, Image>();
  /** References whose pull fails. */
  unpullable = new Set<string>();
  pulls: string[] = [];

  /** Adds an image as if pulled (or imported, when pinned). */
  addImage(ref: string, config: Image['config'] = {}, pinned = false): Image {
    const id = `sha256:${createHash('sha256').update(ref).digest('hex')}`;
    const img: Image = { id, repoTags: [ref], repoDigests: [], size: 1024, spec: { image: ref }, config, pinned };
    this.images.set(ref, img);
    return img;
  }

  private find(spec: ImageSpec): Image | undefined {
    return this.images.get(spec.image) ?? [...this.images.values()].find((i) => i.id === spec.image);
  }

  async listImages(filter?: { image?: ImageSpec }): Promise<Image[]> {
    if (filter?.image) {
      const i = this.find(filter.image);
      return i ? [i] : [];
    }
    return [...new Set(this.images.values())];
  }

  async imageStatus(image: ImageSpec): Promise<Image | undefined> {
    return this.find(image);
  }

  async pullImage(image: ImageSpec): Promise<string> {
    this.pulls.push(image.image);
    if (this.unpullable.has(image.image)) throw new ImagePullError(`pulling ${image.image}: not found`);
    return (this.find(image) ?? this.addImage(image.image)).id;
  }

  async removeImage(image: ImageSpec): Promise<void> {
    const i = this.find(image);
    if (!i) return;
    for (const [k, v] of this.images) if (v.id === i.id) this.images.delete(k);
  }

  async imageFsInfo(): Promise<ImageFsInfo> {
    return { usedBytes: [...this.images.values()].reduce((n, i) => n + i.size, 0), inodesUsed: this.images.size };
  }
}
