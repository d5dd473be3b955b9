// A throwaway "node" for kernel tests: a node netns with a Linux bridge (the
// pod network, br_netfilter on), pod netns on veths, an uplink netns standing
// for another node's pod, TCP servers (busybox nc) and a client probe. Every
// netns and process it made goes in destroy(), which never throws.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { run, runCommand } from '../network/exec.js';
import { deleteNetns } from '../network/netns.js';
import { nthAddress } from '../network/cidr.js';

export interface Testbed {
  node: string;
  gateway: string;
  /** netns name → IP */
  pods: Map<string, string>;
  ipOf(pod: string): string;
  /** Starts `busybox nc` answering "hi" on `port` in the pod's netns. */
  serve(pod: string, port: number): Promise<void>;
  /** Whether a TCP connection from the pod's netns to ip:port gets the server's answer within 1 s. */
  reach(pod: string, ip: string, port: number): Promise<boolean>;
  destroy(): Promise<void>;
}

/** `localPods` hang off the node's bridge (subnet `podNet`); `remote` sits behind a routed link (subnet `uplinkNet`). */
export async function createTestbed(podNet: string, uplinkNet: string, localPods: string[], remote: string): Promise<Testbed> {
  const id = randomBytes(3).toString('hex');
  const node = `skiff-t-np${id}-node`;
  const made: string[] = [];
  const procs: ChildProcess[] = [];
  const pods = new Map<string, string>();
  const nsName = (p: string) => `skiff-t-np${id}-${p}`;
  const gateway = nthAddress(podNet, 1);
  const destroy = async () => {
    for (const p of procs) p.kill('SIGKILL');
    for (const ns of made) {
      // Anything still running in our namespaces was started by this testbed.
      const r = await runCommand('ip', ['netns', 'pids', ns]).catch(() => undefined);
      for (const pid of (r?.stdout ?? '').split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await deleteNetns(ns).catch(() => {});
    }
  };
  try {
    const add = async (ns: string) => {
      await run('ip', ['netns', 'add', ns]);
      made.push(ns);
      await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    };
    await add(node);
    await run('ip', ['-n', node, 'link', 'add', 'br0', 'type', 'bridge']);
    await run('ip', ['-n', node, 'addr', 'add', `${gateway}/24`, 'dev', 'br0']);
    await run('ip', ['-n', node, 'link', 'set', 'br0', 'up']);
    await run('ip', ['netns', 'exec', node, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward']);
    for (const [i, p] of localPods.entries()) {
      const ns = nsName(p);
      await add(ns);
      const ip = nthAddress(podNet, 11 + i);
      await run('ip', ['-n', node, 'link', 'add', `v${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      await run('ip', ['-n', node, 'link', 'set', `v${i}`, 'master', 'br0', 'up']);
      await run('ip', ['-n', ns, 'addr', 'add', `${ip}/24`, 'dev', 'eth0']);
      await run('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
      await run('ip', ['-n', ns, 'route', 'add', 'default', 'via', gateway]);
      pods.set(p, ip);
    }
    const rns = nsName(remote);
    await add(rns);
    const [up1, up2] = [nthAddress(uplinkNet, 1), nthAddress(uplinkNet, 2)];
    await run('ip', ['-n', node, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', rns]);
    await run('ip', ['-n', node, 'addr', 'add', `${up1}/24`, 'dev', 'up0']);
    await run('ip', ['-n', node, 'link', 'set', 'up0', 'up']);
    await run('ip', ['-n', rns, 'addr', 'add', `${up2}/24`, 'dev', 'eth0']);
    await run('ip', ['-n', rns, 'link', 'set', 'eth0', 'up']);
    await run('ip', ['-n', rns, 'route', 'add', podNet, 'via', up1]);
    pods.set(remote, up2);
  } catch (e) {
    await destroy();
    throw e;
  }
  const ipOf = (p: string) => pods.get(p) ?? '';
  return {
    node,
    gateway,
    pods,
    ipOf,
    async serve(pod, port) {
      const child = spawn('ip', ['netns', 'exec', nsName(pod), 'busybox', 'nc', '-ll', '-p', String(port), '-e', 'echo', 'hi'], { stdio: 'ignore' });
      procs.push(child);
      for (let i = 0; i < 50; i++) {
        const r = await runCommand('ip', ['netns', 'exec', nsName(pod), 'busybox', 'nc', '-w', '1', ipOf(pod), String(port)]);
        if (r.stdout.includes('hi')) return;
        await new Promise((res) => setTimeout(res, 20));
      }
      throw new Error(`server ${pod}:${port} did not come up`);
    },
    async reach(pod, ip, port) {
      const r = await runCommand('ip', ['netns', 'exec', nsName(pod), 'busybox', 'nc', '-w', '1', ip, String(port)], { timeoutMs: 5000 });
      return r.code === 0 && r.stdout.includes('hi');
    },
    destroy,
  };
}
