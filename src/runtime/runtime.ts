// The built-in CRI runtime: pod sandboxes (infra container + named netns)
// and containers run by runc or crun under conmon, with overlayfs root file
// systems. All state is on disk under `root`, so a new instance re-adopts
// what an earlier one (or a killed agent) left running.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, readFile, open as openFile } from 'node:fs/promises';
import { existsSync, readFileSync, statSync, constants as fsConstants } from 'node:fs';
import { join, dirname } from 'node:path';
import type {
  RuntimeService, RuntimeVersion, PodSandboxConfig, PodSandboxStatus, PodSandbox, PodSandboxFilter, ContainerConfig,
  Container, ContainerFilter, ContainerStatus, ExecSyncResponse, StreamOptions, ContainerStats, ImageService,
} from '../cri/types.js';
import { NotFoundError, CreateContainerError, StartContainerError, CriError, ExecTimeoutError } from '../cri/types.js';
import { detectRuntime, type RuntimeChoice } from './host.js';
import { OciCli } from './oci.js';
import { ConmonError, createWithConmon } from './conmon.js';
import { mountRootfs, removeRootfs, type RootfsLayers } from './rootfs.js';
import { createNetns, deleteNetns, netnsName, netnsPath } from './netns.js';
import { isPinned, pinNamespaces, unpin } from './pinns.js';
import { LoopbackNetwork, type NetworkPlugin } from './network.js';
import { ensureInfraRootfs, infraSpec, writeSandboxFiles } from './sandbox.js';
import { buildSpec, type SandboxNamespacePaths } from './spec.js';
import { resolveImageUser, resolveDevices } from './user.js';
import { readJson, writeJson, recordPath, IdIndex, type SandboxRecord, type ContainerRecord } from './store.js';
import { processStartTime, isProcessAlive, removeCgroup } from './proc.js';
import { cgroupUsage } from './stats.js';
import { runCommand, signalNumber } from './exec.js';
import { execWithStreams, followLog, attachStdin, portForwardStream } from './streams.js';
import { matchesLabels, nowNanos } from './util.js';

export interface OciRuntimeOptions {
  /** Where state, bundles, rootfs mounts and runtime state live. */
  root: string;
  rootfsLayers: RootfsLayers;
  /** For image config (env, user, working dir, stop signal) and image ids. */
  images?: Pick<ImageService, 'imageStatus'>;
  network?: NetworkPlugin;
  /** Parent cgroup for pods without linux.cgroupParent. */
  cgroupRoot?: string;
  runtime?: RuntimeChoice;
  conmonPath?: string;
  /** conmon --log-size-max. */
  logSizeMax?: number;
  /** Prefix of network namespace names (unique per data dir so cleanup finds them). */
  netnsPrefix?: string;
  /**
   * 'as-needed' (default): an infra container only for pods sharing a PID
   * namespace, pinned namespaces otherwise; 'always': an infra container for every pod.
   */
  infraContainer?: 'as-needed' | 'always';
}

export class OciRuntime implements RuntimeService {
  readonly choice: RuntimeChoice;
  readonly oci: OciCli;
  private readonly network: NetworkPlugin;
  private readonly cgroupRoot: string;
  private readonly sandboxIds: IdIndex;
  private readonly containerIds: IdIndex;

  constructor(private readonly opts: OciRuntimeOptions) {
    this.choice = opts.runtime ?? detectRuntime();
    this.oci = new OciCli(this.choice.path, join(opts.root, this.choice.name));
    this.network = opts.network ?? new LoopbackNetwork();
    this.cgroupRoot = opts.cgroupRoot ?? '/skiff';
    this.sandboxIds = new IdIndex(join(opts.root, 'sandboxes'));
    this.containerIds = new IdIndex(join(opts.root, 'containers'));
  }

  private get exitDir() { return join(this.opts.root, 'exits'); }
  private get socketDir() { return join(this.opts.root, 'attach'); }
  private sandboxDir(id: string) { return join(this.opts.root, 'sandboxes', id); }
  private containerDir(id: string) { return join(this.opts.root, 'containers', id); }

  async version(): Promise<RuntimeVersion> {
    const r = await runCommand(this.choice.path, ['--version']);
    const v = /version\s+(\S+)/.exec(r.stdout.toString())?.[1] ?? 'unknown';
    return { version: '0.1.0', runtimeName: `skiff-${this.choice.name}`, runtimeVersion: v, runtimeApiVersion: 'v1' };
  }

  // ---- sandboxes ----

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const id = randomBytes(32).toString('hex');
    const dir = this.sandboxDir(id);
    await Promise.all([mkdir(dir, { recursive: true }), mkdir(this.exitDir, { recursive: true }), mkdir(this.socketDir, { recursive: true })]);
    await this.sandboxIds.add(id);
    const nsOpts = config.linux?.securityContext?.namespaceOptions;
    const hostNetwork = nsOpts?.network === 'NODE';
    // Without a shared PID namespace nothing needs an infra process: pin the namespaces instead.
    const pin = nsOpts?.pid !== 'POD' && this.opts.infraContainer !== 'always';
    const cgroupParent = config.linux?.cgroupParent ?? `${this.cgroupRoot}/pod-${id.slice(0, 16)}`;
    const rec: SandboxRecord = {
      id, config, createdAt: nowNanos(), infraPid: 0, infraStartTime: 0, ip: '', additionalIps: [], cgroupParent, stopped: false,
    };
    try {
      if (pin) {
        const want = { ipc: nsOpts?.ipc !== 'NODE' ? join(dir, 'ns', 'ipc') : undefined, uts: !hostNetwork ? join(dir, 'ns', 'uts') : undefined };
        if (!hostNetwork) {
          rec.netnsName = netnsName(id, this.opts.netnsPrefix);
          rec.netnsPath = netnsPath(rec.netnsName);
        }
        rec.pinned = {};
        this.sandboxCache.set(id, rec);
        await writeJson(recordPath(dir), rec);
        await pinNamespaces({ net: rec.netnsPath, ...want, hostname: config.hostname ?? config.metadata.name });
        rec.pinned = want;
      } else if (!hostNetwork) {
        rec.netnsName = netnsName(id, this.opts.netnsPrefix);
        rec.netnsPath = await createNetns(rec.netnsName);
        this.sandboxCache.set(id, rec);
        await writeJson(recordPath(dir), rec);
      }
      if (!hostNetwork) {
        const net = await this.network.setUp(id, rec.netnsPath!, config);
        rec.ip = net.ip;
        rec.additionalIps = net.additionalIps ?? [];
      }
      if (!pin) {
        const rootfs = await ensureInfraRootfs(this.opts.root);
        const spec = infraSpec(config, rootfs, rec.netnsPath, `${cgroupParent}/${id}`);
        const bundle = join(dir, 'infra');
        await mkdir(bundle, { recursive: true });
        await writeJson(join(bundle, 'config.json'), spec);
        rec.infraPid = await this.conmonCreate(id, 'POD', bundle, join(bundle, 'infra.log'), false, false);
        await this.oci.start(id);
        rec.infraStartTime = processStartTime(rec.infraPid) ?? 0;
      }
      rec.ready = true;
      await this.saveSandbox(rec);
      return id;
    } catch (e) {
      await this.destroySandbox(rec).catch(() => {});
      throw new CriError(`running pod sandbox ${config.metadata.namespace}/${config.metadata.name}: ${(e as Error).message}`);
    }
  }

  private conmonCreate(id: string, name: string, bundle: string, logPath: string, stdin: boolean, stdinOnce: boolean, terminal = false): Promise<number> {
    return createWithConmon({
      conmonPath: this.opts.conmonPath, id, name, runtimePath: this.choice.path, runtimeRoot: this.oci.root, bundle,
      persistDir: bundle, containerPidFile: join(bundle, 'pidfile'), conmonPidFile: join(bundle, 'conmon.pid'),
      logPath, logSizeMax: this.opts.logSizeMax, exitDir: this.exitDir, socketDir: this.socketDir, stdin, stdinOnce, terminal,
    });
  }

  /** Sandbox records, like container records, are read from disk once and then kept in memory. */
  private readonly sandboxCache = new Map<string, SandboxRecord>();

  private async loadSandbox(id: string): Promise<SandboxRecord | undefined> {
    const hit = this.sandboxCache.get(id);
    if (hit) return hit;
    const rec = await readJson<SandboxRecord>(recordPath(this.sandboxDir(id)));
    if (rec) {
      // Records written before `ready` existed: an infra pid meant the sandbox was complete.
      rec.ready ??= rec.infraPid > 0;
      // Pinned namespaces are checked once, when a record is read from disk (a reboot
      // clears their mounts); afterwards only this instance changes them.
      rec.pinsLost = rec.infraPid === 0 && !!rec.pinned && !this.pinsIntact(rec);
      this.sandboxCache.set(id, rec);
    }
    return rec;
  }

  private async saveSandbox(rec: SandboxRecord): Promise<void> {
    this.sandboxCache.set(rec.id, rec);
    await writeJson(recordPath(this.sandboxDir(rec.id)), rec);
  }

  private async sandbox(id: string): Promise<SandboxRecord> {
    const rec = await this.loadSandbox(id);
    if (!rec) throw new NotFoundError(`pod sandbox ${id} not found`);
    return rec;
  }

  private sandboxReady(rec: SandboxRecord): boolean {
    if (rec.stopped || !rec.ready) return false;
    if (rec.infraPid > 0) return isProcessAlive(rec.infraPid, rec.infraStartTime);
    return !rec.pinsLost;
  }

  /** Whether a pinned sandbox's namespace mounts are all there. */
  private pinsIntact(rec: SandboxRecord): boolean {
    return (!rec.netnsPath || isPinned(rec.netnsPath)) && (!rec.pinned?.uts || isPinned(rec.pinned.uts)) && (!rec.pinned?.ipc || isPinned(rec.pinned.ipc));
  }

  async stopPodSandbox(id: string): Promise<void> {
    const rec = await this.loadSandbox(id);
    if (!rec) return;
    for (const c of await this.records((r) => r.sandboxId === id)) await this.stopContainer(c.id, 0);
    await this.killInfra(rec);
    await this.releaseNamespaces(rec, false);
    rec.stopped = true;
    await this.saveSandbox(rec);
  }

  /** Detaches the pod network (once) and removes the netns and pinned namespaces. */
  private async releaseNamespaces(rec: SandboxRecord, bestEffort: boolean): Promise<void> {
    if (rec.netnsPath && !rec.stopped) {
      const down = this.network.tearDown(rec.id, rec.netnsPath, rec.config);
      await (bestEffort ? down.catch(() => {}) : down);
    }
    if (rec.netnsName) await deleteNetns(rec.netnsName);
    await unpin([rec.pinned?.ipc, rec.pinned?.uts]);
  }

  private async killInfra(rec: SandboxRecord): Promise<void> {
    if (rec.infraPid > 0 && isProcessAlive(rec.infraPid, rec.infraStartTime)) {
      await this.oci.kill(rec.id, 'KILL');
      await waitFor(() => !isProcessAlive(rec.infraPid, rec.infraStartTime) || existsSync(join(this.exitDir, rec.id)), 10_000);
    }
  }

  async removePodSandbox(id: string): Promise<void> {
    const rec = await this.loadSandbox(id);
    if (!rec) return;
    for (const c of await this.records((r) => r.sandboxId === id)) await this.removeContainer(c.id);
    await this.destroySandbox(rec);
  }

  private async destroySandbox(rec: SandboxRecord): Promise<void> {
    await this.killInfra(rec);
    if (rec.infraPid > 0 || !rec.pinned) await this.oci.delete(rec.id);
    await this.releaseNamespaces(rec, true);
    this.sandboxCache.delete(rec.id);
    if (!rec.config.linux?.cgroupParent) removeCgroup(rec.cgroupParent);
    await rm(join(this.exitDir, rec.id), { force: true });
    await rm(this.sandboxDir(rec.id), { recursive: true, force: true });
    await this.sandboxIds.delete(rec.id);
  }

  private toSandbox(rec: SandboxRecord): PodSandbox {
    return {
      id: rec.id, metadata: rec.config.metadata, state: this.sandboxReady(rec) ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY',
      createdAt: rec.createdAt, labels: { ...(rec.config.labels ?? {}) }, annotations: { ...(rec.config.annotations ?? {}) },
    };
  }

  async podSandboxStatus(id: string): Promise<PodSandboxStatus> {
    const rec = await this.sandbox(id);
    const s: PodSandboxStatus = {
      ...this.toSandbox(rec),
      linux: { namespaces: { options: { ...(rec.config.linux?.securityContext?.namespaceOptions ?? {}) } } },
    };
    if (rec.ip || rec.additionalIps.length > 0) s.network = { ip: rec.ip, additionalIps: rec.additionalIps };
    return s;
  }

  async listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]> {
    const out: PodSandbox[] = [];
    for (const id of await this.sandboxIds.list()) {
      if (filter?.id && !id.startsWith(filter.id)) continue;
      const rec = await this.loadSandbox(id);
      if (!rec || !rec.ready) continue;
      const sb = this.toSandbox(rec);
      if (filter?.state && sb.state !== filter.state) continue;
      if (!matchesLabels(sb.labels, filter?.labelSelector)) continue;
      out.push(sb);
    }
    return out;
  }

  // ---- containers ----

  async createContainer(sandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    const sb = await this.sandbox(sandboxId);
    if (!this.sandboxReady(sb)) throw new CreateContainerError(`pod sandbox ${sandboxId} is not ready`);
    const id = randomBytes(32).toString('hex');
    const dir = this.containerDir(id);
    await mkdir(dir, { recursive: true });
    await this.containerIds.add(id);
    try {
      const image = await this.opts.images?.imageStatus(config.image);
      const imageRef = image?.id ?? config.image.image;
      const rootfs = await mountRootfs(dir, await this.opts.rootfsLayers(imageRef));
      const user = await resolveImageUser(rootfs, image?.config?.user);
      const ns = await this.namespacePaths(sb, config);
      const cgroupsPath = `${sb.cgroupParent}/${id}`;
      const spec = buildSpec({
        config, sandboxConfig, rootfsPath: rootfs, imageEnv: image?.config?.env, imageWorkingDir: image?.config?.workingDir,
        imageUser: user, namespaces: ns, cgroupsPath,
        extraMounts: await writeSandboxFiles(this.sandboxDir(sandboxId), sandboxConfig),
        devices: await resolveDevices(config.devices ?? []),
      });
      await writeJson(join(dir, 'config.json'), spec);
      const logDir = sandboxConfig.logDirectory ?? sb.config.logDirectory;
      const logPath = logDir && config.logPath ? join(logDir, config.logPath) : join(dir, 'container.log');
      await mkdir(dirname(logPath), { recursive: true });
      const rec: ContainerRecord = {
        id, sandboxId, config: { ...config, stopSignal: config.stopSignal ?? image?.config?.stopSignal }, imageRef,
        createdAt: nowNanos(), startedAt: 0, finishedAt: 0, state: 'CONTAINER_CREATED', exitCode: 0, reason: '', message: '',
        pid: 0, pidStartTime: 0, logPath, cgroupsPath, bundle: dir,
      };
      await this.saveContainer(rec);
      rec.pid = await this.conmonCreate(id, config.metadata.name, dir, logPath, config.stdin === true, config.stdinOnce === true, config.tty === true);
      rec.pidStartTime = processStartTime(rec.pid) ?? 0;
      await this.saveContainer(rec);
      return id;
    } catch (e) {
      this.containerCache.delete(id);
      await this.oci.delete(id).catch(() => {});
      await removeRootfs(dir).catch(() => {});
      await rm(join(this.exitDir, id), { force: true });
      await rm(dir, { recursive: true, force: true });
      await this.containerIds.delete(id);
      if (e instanceof CriError) throw e;
      // The OCI runtime's own failure reads as CRI-O reports it ("container create failed: …").
      if (e instanceof ConmonError) throw new CreateContainerError(e.message);
      throw new CreateContainerError(`creating container ${config.metadata.name}: ${(e as Error).message}`);
    }
  }

  private async namespacePaths(sb: SandboxRecord, config: ContainerConfig): Promise<SandboxNamespacePaths> {
    const ns: SandboxNamespacePaths = sb.infraPid > 0
      ? { network: sb.netnsPath, ipc: `/proc/${sb.infraPid}/ns/ipc`, uts: `/proc/${sb.infraPid}/ns/uts`, pid: `/proc/${sb.infraPid}/ns/pid` }
      : { network: sb.netnsPath, ipc: sb.pinned?.ipc, uts: sb.pinned?.uts };
    const targetId = config.linux?.securityContext?.namespaceOptions?.targetId;
    if (targetId) {
      const target = await this.record(targetId);
      ns.targetPid = `/proc/${target.pid}/ns/pid`;
    }
    return ns;
  }

  /**
   * Container records, read from disk once and then kept in memory: this
   * instance is their only writer, and every sync of every pod lists them.
   */
  private readonly containerCache = new Map<string, ContainerRecord>();

  private async loadContainer(id: string): Promise<ContainerRecord | undefined> {
    const hit = this.containerCache.get(id);
    if (hit) return hit;
    const rec = await readJson<ContainerRecord>(recordPath(this.containerDir(id)));
    if (rec) this.containerCache.set(id, rec);
    return rec;
  }

  private async saveContainer(rec: ContainerRecord): Promise<void> {
    this.containerCache.set(rec.id, rec);
    await writeJson(recordPath(this.containerDir(rec.id)), rec);
  }

  /** Records (brought up to date) of started containers; `pre` filters before the refresh. */
  private async records(pre?: (r: ContainerRecord) => boolean): Promise<ContainerRecord[]> {
    const out: ContainerRecord[] = [];
    for (const id of await this.containerIds.list()) {
      const rec = await this.loadContainer(id);
      if (rec && rec.pid > 0 && (!pre || pre(rec))) out.push(await this.refresh(rec));
    }
    return out;
  }

  private async record(id: string): Promise<ContainerRecord> {
    const rec = await this.loadContainer(id);
    if (!rec || rec.pid === 0) throw new NotFoundError(`container ${id} not found`);
    return this.refresh(rec);
  }

  /** Brings a record up to date from conmon's exit file and the process table. */
  private async refresh(rec: ContainerRecord): Promise<ContainerRecord> {
    if (rec.state === 'CONTAINER_EXITED') return rec;
    const exitFile = join(this.exitDir, rec.id);
    let exit = readExit(exitFile);
    if (exit === undefined && rec.state === 'CONTAINER_RUNNING' && !isProcessAlive(rec.pid, rec.pidStartTime)) {
      // The process is gone; conmon writes the exit file once it drained the output.
      const conmonPid = Number((await readFile(join(rec.bundle, 'conmon.pid'), 'utf8').catch(() => '0')).trim());
      if (conmonPid > 0 && (await pidExists(conmonPid))) {
        await waitFor(() => existsSync(exitFile), 5000);
        exit = readExit(exitFile);
      }
      if (exit === undefined) {
        exit = { code: 255, at: nowNanos() };
        rec.message = 'the container monitor (conmon) was gone when the container exited';
      }
    }
    if (exit === undefined) return rec;
    rec.state = 'CONTAINER_EXITED';
    rec.exitCode = exit.code;
    rec.finishedAt = Math.max(exit.at, rec.startedAt);
    const oom = existsSync(join(rec.bundle, 'oom')) || ((await cgroupUsage(this.choice.cgroupMode, rec.cgroupsPath)).oomKills > 0);
    rec.reason = oom ? 'OOMKilled' : exit.code === 0 ? 'Completed' : 'Error';
    await this.saveContainer(rec);
    return rec;
  }

  async startContainer(id: string): Promise<void> {
    const rec = await this.record(id);
    if (rec.state !== 'CONTAINER_CREATED') throw new StartContainerError(`container ${id} is ${rec.state}, not created`);
    const startedAt = nowNanos();
    try {
      await this.oci.start(id);
    } catch (e) {
      throw new StartContainerError(`starting container ${id}: ${(e as Error).message}`);
    }
    rec.startedAt = startedAt;
    rec.state = 'CONTAINER_RUNNING';
    await this.saveContainer(rec);
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    let rec = await this.record(id);
    if (rec.state === 'CONTAINER_EXITED') return;
    const exited = () => existsSync(join(this.exitDir, id));
    if (timeoutSeconds > 0 && rec.state === 'CONTAINER_RUNNING') {
      await this.oci.kill(id, signalNumber(rec.config.stopSignal || 'SIGTERM'));
      await waitFor(exited, timeoutSeconds * 1000);
    }
    if (!exited()) {
      await this.oci.kill(id, 'KILL', true);
      if (!(await waitFor(exited, 10_000))) throw new CriError(`container ${id} did not exit after SIGKILL`);
    }
    rec = await this.refresh(rec);
  }

  async removeContainer(id: string): Promise<void> {
    const rec = await this.loadContainer(id);
    if (!rec) return;
    if (rec.pid > 0) {
      const cur = await this.refresh(rec);
      if (cur.state !== 'CONTAINER_EXITED') await this.stopContainer(id, 0);
    }
    await this.oci.delete(id);
    await removeRootfs(this.containerDir(id));
    await rm(join(this.exitDir, id), { force: true });
    await rm(this.containerDir(id), { recursive: true, force: true });
    this.containerCache.delete(id);
    await this.containerIds.delete(id);
  }

  private toContainer(rec: ContainerRecord): Container {
    return {
      id: rec.id, podSandboxId: rec.sandboxId, metadata: rec.config.metadata, image: rec.config.image, imageRef: rec.imageRef,
      state: rec.state, createdAt: rec.createdAt, labels: { ...(rec.config.labels ?? {}) }, annotations: { ...(rec.config.annotations ?? {}) },
    };
  }

  async listContainers(filter?: ContainerFilter): Promise<Container[]> {
    const pre = (r: ContainerRecord): boolean =>
      (!filter?.id || r.id.startsWith(filter.id)) &&
      (!filter?.podSandboxId || r.sandboxId === filter.podSandboxId) &&
      matchesLabels(r.config.labels ?? {}, filter?.labelSelector);
    return (await this.records(pre))
      .map((r) => this.toContainer(r))
      .filter((c) => (!filter?.id || c.id.startsWith(filter.id))
        && (!filter?.state || c.state === filter.state)
        && (!filter?.podSandboxId || c.podSandboxId === filter.podSandboxId)
        && matchesLabels(c.labels, filter?.labelSelector));
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    const rec = await this.record(id);
    return {
      ...this.toContainer(rec), startedAt: rec.startedAt, finishedAt: rec.finishedAt, exitCode: rec.exitCode,
      reason: rec.reason, message: rec.message, mounts: rec.config.mounts ?? [], logPath: rec.logPath,
    };
  }

  private async running(id: string): Promise<ContainerRecord> {
    const rec = await this.record(id);
    if (rec.state !== 'CONTAINER_RUNNING') throw new CriError(`container ${id} is not running (${rec.state})`);
    return rec;
  }

  async execSync(id: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResponse> {
    await this.running(id);
    const pidFile = join(this.containerDir(id), `exec-${randomBytes(6).toString('hex')}.pid`);
    const args = this.oci.execArgs(id, cmd);
    args.splice(args.indexOf('exec') + 1, 0, '--pid-file', pidFile);
    try {
      const r = await runCommand(this.choice.path, args, { timeoutMs: timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined });
      if (r.timedOut) {
        const pid = Number((await readFile(pidFile, 'utf8').catch(() => '0')).trim());
        if (pid > 0) try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
        throw new ExecTimeoutError(`command ${JSON.stringify(cmd)} timed out after ${timeoutSeconds}s`);
      }
      return { stdout: r.stdout, stderr: r.stderr, exitCode: r.code };
    } finally {
      await rm(pidFile, { force: true });
    }
  }

  async exec(id: string, cmd: string[], streams: StreamOptions): Promise<number> {
    await this.running(id);
    return execWithStreams(this.choice.path, this.oci.execArgs(id, cmd), streams);
  }

  async attach(id: string, streams: StreamOptions): Promise<void> {
    const rec = await this.running(id);
    const exitFile = join(this.exitDir, id);
    let detachStdin: (() => void) | undefined;
    if (streams.stdin && rec.config.stdin) detachStdin = attachStdin(rec.pid, streams.stdin);
    const done = (async () => {
      await waitFor(() => existsSync(exitFile) || !isProcessAlive(rec.pid, rec.pidStartTime), Number.MAX_SAFE_INTEGER);
    })();
    try {
      await followLog(rec.logPath, streams, done);
    } finally {
      detachStdin?.();
    }
  }

  async portForward(podSandboxId: string, port: number): Promise<NodeJS.ReadWriteStream> {
    const sb = await this.sandbox(podSandboxId);
    if (!this.sandboxReady(sb)) throw new CriError(`pod sandbox ${podSandboxId} is not ready`);
    const busybox = join(await ensureInfraRootfs(this.opts.root), 'bin', 'busybox');
    return portForwardStream(sb.netnsPath, port, busybox);
  }

  async containerStats(id: string): Promise<ContainerStats> {
    const rec = await this.record(id);
    const u = await cgroupUsage(this.choice.cgroupMode, rec.cgroupsPath);
    return { containerId: id, timestamp: nowNanos(), cpuUsageCoreNanoSeconds: u.cpuUsageCoreNanoSeconds, memoryWorkingSetBytes: u.memoryWorkingSetBytes };
  }

  async reopenContainerLog(id: string): Promise<void> {
    const rec = await this.running(id);
    // conmon's control fifo: message type 2 asks it to reopen the log file.
    const fh = await openFile(join(rec.bundle, 'ctl'), fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
    try {
      await fh.write('2 0 0\n');
    } finally {
      await fh.close();
    }
  }
}

/** conmon's exit file, if it is there (read synchronously: a few bytes, checked for every running container on every relist). */
function readExit(path: string): { code: number; at: number } | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const text = readFileSync(path, 'utf8');
    const st = statSync(path);
    const code = Number(text.trim());
    return { code: Number.isFinite(code) ? code : 255, at: Math.round(st.mtimeMs * 1e6) };
  } catch {
    return undefined;
  }
}

async function pidExists(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `cond` until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitFor(cond: () => boolean, timeoutMs: number, intervalMs = 25): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (cond()) return true;
    if (Date.now() >= end) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

