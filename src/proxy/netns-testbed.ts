// A throwaway two-namespace testbed for the proxy's kernel tests: a "node"
// namespace (lo holding the node IP, a route for the service range,
// forwarding on) joined by a veth to a "pod" namespace running busybox
// httpd servers. Everything is removed by close().
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, runCommand } from '../network/exec.js';

export interface Testbed {
  node: string;
  pod: string;
  nodeIP: string;
  podIP: string;
  gatewayIP: string;
  podCidr: string;
  /** Starts `busybox httpd` in the pod namespace on `port`, answering `body`. */
  httpd(port: number, body: string): Promise<void>;
  /** curl inside a namespace: the body, or `error <curl exit code>: <stderr>` (never throws; 7 = refused, 28 = timeout). */
  get(ns: string, url: string, timeoutS?: number): Promise<string>;
  close(): Promise<void>;
}

export async function createTestbed(): Promise<Testbed> {
  const id = Math.random().toString(36).slice(2, 8);
  const node = `skiff-t-pxn-${id}`;
  const pod = `skiff-t-pxp-${id}`;
  const oct = 100 + Math.floor(Math.random() * 100);
  const tb = { nodeIP: `10.${oct}.9.1`, gatewayIP: `10.${oct}.1.1`, podIP: `10.${oct}.1.2`, podCidr: `10.${oct}.1.0/24` };
  const dir = mkdtempSync(join(tmpdir(), 'skiff-pxtb-'));
  const servers: ChildProcess[] = [];
  const inNs = (ns: string, ...cmd: string[]): Promise<string> => run('ip', ['netns', 'exec', ns, ...cmd]);
  const close = async (): Promise<void> => {
    for (const s of servers) s.kill('SIGKILL');
    await runCommand('ip', ['netns', 'delete', pod]);
    await runCommand('ip', ['netns', 'delete', node]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run('ip', ['netns', 'add', node]);
    await run('ip', ['netns', 'add', pod]);
    await inNs(node, 'ip', 'link', 'set', 'lo', 'up');
    await inNs(pod, 'ip', 'link', 'set', 'lo', 'up');
    await inNs(node, 'ip', 'addr', 'add', `${tb.nodeIP}/32`, 'dev', 'lo'); // no dummy driver without modprobe
    await inNs(node, 'ip', 'link', 'add', 'vn0', 'type', 'veth', 'peer', 'name', 'vp0', 'netns', pod);
    await inNs(node, 'ip', 'addr', 'add', `${tb.gatewayIP}/24`, 'dev', 'vn0');
    await inNs(node, 'ip', 'link', 'set', 'vn0', 'up');
    // The service range needs a route (any) for the node's own connections; the node IP is their source.
    await inNs(node, 'ip', 'route', 'add', '10.96.0.0/16', 'dev', 'vn0', 'src', tb.nodeIP);
    await inNs(pod, 'ip', 'addr', 'add', `${tb.podIP}/24`, 'dev', 'vp0');
    await inNs(pod, 'ip', 'link', 'set', 'vp0', 'up');
    await inNs(pod, 'ip', 'route', 'add', 'default', 'via', tb.gatewayIP);
    await inNs(node, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward');
  } catch (e) {
    await close();
    throw e;
  }
  const get = async (ns: string, url: string, timeoutS = 3): Promise<string> => {
    // (busybox 1.35's wget crashes with -T, so curl.)
    const r = await runCommand('ip', ['netns', 'exec', ns, 'curl', '-sS', '--max-time', String(timeoutS), url], { timeoutMs: (timeoutS + 5) * 1000 });
    return r.code === 0 ? r.stdout.trim() : `error ${r.code}: ${r.stderr.trim()}`;
  };
  const httpd = async (port: number, body: string): Promise<void> => {
    const www = join(dir, String(port));
    rmSync(www, { recursive: true, force: true });
    await run('mkdir', ['-p', www]);
    writeFileSync(join(www, 'index.html'), `${body}\n`);
    servers.push(spawn('ip', ['netns', 'exec', pod, 'busybox', 'httpd', '-f', '-p', String(port), '-h', www], { stdio: 'ignore' }));
    for (let i = 0; i < 100; i++) {
      if ((await get(pod, `http://127.0.0.1:${port}/`, 1)) === body) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`httpd on ${port} did not start`);
  };
  return { node, pod, ...tb, httpd, get, close };
}
