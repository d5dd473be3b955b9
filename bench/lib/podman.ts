// The reference point: the same one-container pod started with Debian's
// `podman kube play`, from a local image, on a bridge network of its own.
// Podman runs with storage in a temp dir (--root/--runroot) and a
// containers.conf of its own (runc, since crun refuses hybrid cgroups, and
// ulimits this sandbox allows), so nothing outside the temp dir is touched
// except the network it creates and removes.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize, type Summary } from './stats.js';

export class PodmanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PodmanError';
  }
}

export interface PodmanResult {
  version: string;
  runs: number;
  /** From spawning `podman kube play` to its exit (it exits once the pod's containers started). */
  play: Summary;
}

interface Out {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class Podman {
  private constructor(
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly network: string,
    readonly image: string,
  ) {}

  /** A temp dir with storage and config, the image loaded from a docker archive, a bridge network on `subnet`. */
  static async create(dockerArchive: Buffer, image: string, subnet: string): Promise<Podman> {
    const dir = await mkdtemp(join(tmpdir(), 'skiff-podman-'));
    const conf = join(dir, 'containers.conf');
    await writeFile(conf, '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]\n[engine]\nruntime = "runc"\n');
    const p = new Podman(dir, { ...process.env, CONTAINERS_CONF: conf }, `skiffbench-${randomBytes(3).toString('hex')}`, image);
    try {
      await writeFile(join(dir, 'image.tar'), dockerArchive);
      await p.ok(['load', '-q', '-i', join(dir, 'image.tar')]);
      await p.ok(['network', 'create', '--subnet', subnet, p.network]);
    } catch (e) {
      await p.close();
      throw e;
    }
    return p;
  }

  private podman(args: string[], timeoutMs = 60_000): Promise<Out> {
    const all = ['--root', join(this.dir, 'storage'), '--runroot', join(this.dir, 'run'), ...args];
    return new Promise((resolve, reject) => {
      const child = spawn('podman', all, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (e) => (clearTimeout(timer), reject(new PodmanError(`podman ${args.join(' ')}: ${e.message}`))));
      child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
    });
  }

  private async ok(args: string[]): Promise<string> {
    const r = await this.podman(args);
    if (r.code !== 0) throw new PodmanError(`podman ${args.join(' ')} exited with ${r.code}: ${r.stderr.trim()}`);
    return r.stdout;
  }

  version(): Promise<string> {
    return this.ok(['version', '--format', '{{.Client.Version}}']).then((s) => s.trim());
  }

  private manifest(name: string): string {
    return JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        terminationGracePeriodSeconds: 2,
        containers: [{ name: 'main', image: this.image, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"] }],
      },
    });
  }

  /** One `kube play`: milliseconds from spawn to exit; checks that the pod then runs, and removes it. */
  async playOnce(name: string): Promise<number> {
    const file = join(this.dir, `${name}.json`);
    await writeFile(file, this.manifest(name));
    const t0 = performance.now();
    const r = await this.podman(['kube', 'play', '--network', this.network, file]);
    const ms = performance.now() - t0;
    try {
      if (r.code !== 0) throw new PodmanError(`podman kube play exited with ${r.code}: ${r.stderr.trim()}`);
      const state = (await this.ok(['pod', 'inspect', name, '--format', '{{.State}}'])).trim();
      if (state !== 'Running') throw new PodmanError(`podman pod ${name} is ${state} after kube play`);
    } finally {
      await this.podman(['pod', 'rm', '-f', '-t', '0', name]);
    }
    return ms;
  }

  /** An untimed warm-up play (podman builds its pause image on first use), then `runs` timed ones. */
  async measure(runs: number, progress: (msg: string) => void): Promise<PodmanResult> {
    const tag = randomBytes(3).toString('hex');
    await this.playOnce(`pmbench-${tag}-warm`);
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      ms.push(await this.playOnce(`pmbench-${tag}-${i}`));
      progress(`podman kube play ${i + 1}/${runs}: ${ms[i].toFixed(0)} ms`);
    }
    return { version: await this.version(), runs, play: summarize(ms) };
  }

  /** Removes every pod, the network, the images and the temp dir (after unmounting anything left under it). */
  async close(): Promise<void> {
    await this.podman(['pod', 'rm', '-a', '-f', '-t', '0']).catch(() => undefined);
    await this.podman(['network', 'rm', '-f', this.network]).catch(() => undefined);
    await this.podman(['rmi', '-a', '-f']).catch(() => undefined);
    const mounts = (await readFile('/proc/self/mountinfo', 'utf8'))
      .split('\n')
      .map((l) => l.split(' ')[4])
      .filter((m): m is string => !!m && m.startsWith(this.dir))
      .sort((a, b) => b.length - a.length);
    for (const m of mounts) await new Promise((r) => spawn('umount', ['-l', m], { stdio: 'ignore' }).on('close', r));
    await rm(this.dir, { recursive: true, force: true });
    await removeIdleNetavarkChains();
  }
}

function iptables(args: string[]): Promise<Out> {
  return new Promise((resolve) => {
    const child = spawn('iptables', ['-w', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', () => resolve({ code: null, stdout: '', stderr: '' }));
    child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
  });
}

/**
 * netavark leaves its shared base chains in iptables when its last network
 * goes. Remove them when no podman network on the host still uses them (no
 * forward or DNAT rules, no per-network NETAVARK-<id> chains); netavark makes
 * them again on its next use.
 */
export async function removeIdleNetavarkChains(): Promise<void> {
  const nat = (await iptables(['-t', 'nat', '-S'])).stdout.split('\n');
  const filter = (await iptables(['-t', 'filter', '-S'])).stdout.split('\n');
  const perNetwork = nat.some((l) => /^-N NETAVARK-(?!HOSTPORT-)/.test(l));
  const used = (lines: string[], chain: string) => lines.some((l) => l.startsWith(`-A ${chain} `));
  if (perNetwork || used(filter, 'NETAVARK_FORWARD') || used(nat, 'NETAVARK-HOSTPORT-DNAT')) return;
  const jumps = [...nat.map((l) => ['nat', l] as const), ...filter.map((l) => ['filter', l] as const)].filter(
    ([, l]) => l.startsWith('-A ') && / -j NETAVARK[-_]/.test(l) && !l.startsWith('-A NETAVARK'),
  );
  for (const [table, l] of jumps) await iptables(['-t', table, '-D', ...splitRule(l.slice(3))]);
  for (const c of ['NETAVARK-HOSTPORT-DNAT', 'NETAVARK-HOSTPORT-MASQ', 'NETAVARK-HOSTPORT-SETMARK']) {
    if (nat.includes(`-N ${c}`)) {
      await iptables(['-t', 'nat', '-F', c]);
      await iptables(['-t', 'nat', '-X', c]);
    }
  }
  if (filter.includes('-N NETAVARK_FORWARD')) await iptables(['-t', 'filter', '-X', 'NETAVARK_FORWARD']);
}

/** Splits an `iptables -S` rule into arguments (double-quoted words kept whole). */
export function splitRule(rule: string): string[] {
  return [...rule.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]));
}
