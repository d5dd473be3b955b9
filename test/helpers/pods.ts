// Helpers for integration tests that run real pods through `skiff up`: polling,
// pod lookups and manifests, all through the real kubectl.
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { type Cluster, kubectl, kubectlJsonIfFound } from './cluster.js';

export { type ClusterRef, waitFor } from './cluster.js';

/** The pod as JSON, or undefined if kubectl cannot get it. */
export function getPod(c: Cluster, name: string): any {
  return kubectlJsonIfFound(c, ['get', 'pod', name]);
}

/** Events about one object, as printed by `kubectl get events`. */
export function eventsFor(c: Cluster, name: string): string {
  return kubectl(c, ['get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'custom-columns=TYPE:.type,REASON:.reason,MESSAGE:.message']).stdout;
}

/** The STATUS column of `kubectl get pod` (what users see: Init:Error, CrashLoopBackOff, ...). */
export function statusColumn(c: Cluster, name: string): string {
  const line = kubectl(c, ['get', 'pod', name, '--no-headers']).stdout.trim();
  return line.split(/\s+/)[2] ?? '';
}

export function isReady(p: any): boolean {
  return p?.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True') ?? false;
}

/** Runs kubectl in the background (for `logs -f`); returns a handle to read and stop it. */
export function kubectlBackground(c: Cluster, args: string[]): { output(): string; stop(): Promise<void> } {
  const child = spawn('kubectl', args, {
    env: { ...process.env, KUBECONFIG: c.kubeconfig, KUBECACHEDIR: join(dirname(c.kubeconfig), 'kubecache') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Command lines of the conmon processes that belong to a data dir ('' when none). */
export function conmonsOf(dataDir: string): string {
  return execFileSync('sh', ['-c', `for p in $(pgrep -x conmon); do tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null; echo; done | grep -F ${JSON.stringify(dataDir)} || true`], { encoding: 'utf8' }).trim();
}

/** Mount points under a data dir (container root file systems, volumes) ('' when none). */
export function mountsUnder(dataDir: string): string {
  return execFileSync('sh', ['-c', `grep -F ${JSON.stringify(' ' + dataDir + '/')} /proc/self/mounts | cut -d' ' -f2 || true`], { encoding: 'utf8' }).trim();
}
