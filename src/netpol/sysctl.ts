// br_netfilter switch: with net.bridge.bridge-nf-call-iptables = 1, IPv4
// frames bridged between pods of this node pass the inet forward hook, where
// policy is enforced. Per network namespace on current kernels (5.3+).
import { readFile, writeFile } from 'node:fs/promises';
import { runCommand } from '../network/exec.js';

export const BRIDGE_NF_SYSCTL = '/proc/sys/net/bridge/bridge-nf-call-iptables';

export type BridgeNfResult = 'on' | 'turned-on' | 'missing' | 'failed';

/** Makes sure bridged IPv4 traffic is seen by netfilter, in `netns` (by `ip netns exec`) or in this process's namespace. */
export async function ensureBridgeNf(netns?: string): Promise<{ result: BridgeNfResult; detail?: string }> {
  if (netns) {
    const script = `f=${BRIDGE_NF_SYSCTL}; [ -e $f ] || exit 3; [ "$(cat $f)" = 1 ] && exit 0; echo 1 > $f && exit 4; exit 5`;
    const r = await runCommand('ip', ['netns', 'exec', netns, 'sh', '-c', script], { timeoutMs: 10_000 });
    const results: Record<number, BridgeNfResult> = { 0: 'on', 3: 'missing', 4: 'turned-on' };
    return { result: results[r.code ?? -1] ?? 'failed', detail: r.stderr.trim() || undefined };
  }
  let cur: string;
  try {
    cur = (await readFile(BRIDGE_NF_SYSCTL, 'utf8')).trim();
  } catch {
    return { result: 'missing' };
  }
  if (cur === '1') return { result: 'on' };
  try {
    await writeFile(BRIDGE_NF_SYSCTL, '1\n');
    return { result: 'turned-on' };
  } catch (e) {
    return { result: 'failed', detail: (e as Error).message };
  }
}
