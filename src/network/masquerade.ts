// Masquerading for traffic leaving the node's pod subnet, installed once per
// node (as flannel does) rather than by the bridge plugin per pod (`ipMasq`
// adds a chain and ~8 iptables runs to every pod start and stop). The jump
// carries the CNI network's comment, so purgeNetworkRules and cleanupNetwork
// remove it with the network.
import { runCommand } from './exec.js';
import { CommandError } from './errors.js';
import type { NetworkNames } from './config.js';

export function masqueradeChain(names: Pick<NetworkNames, 'hash'>): string {
  return `CNI-SKF-MASQ-${names.hash}`;
}

async function ipt(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const r = await runCommand('iptables', ['-w', '5', '-t', 'nat', ...args], { timeoutMs: 30_000 });
  return { code: r.code, stderr: r.stderr.toString() };
}

/** Rules of the masquerade chain: keep pod-to-pod and multicast, masquerade the rest. */
export function masqueradeRules(chain: string, podCidr: string, comment: string): string[][] {
  const c = ['-m', 'comment', '--comment', comment];
  return [
    ['-A', chain, '-d', podCidr, ...c, '-j', 'RETURN'],
    ['-A', chain, '-d', '224.0.0.0/4', ...c, '-j', 'RETURN'],
    ['-A', chain, ...c, '-j', 'MASQUERADE'],
  ];
}

/** Installs (idempotently) `POSTROUTING -s podCidr -j <chain>` and the chain. */
export async function ensureMasquerade(names: Pick<NetworkNames, 'hash' | 'network'>, podCidr: string): Promise<void> {
  const chain = masqueradeChain(names);
  const comment = `name: "${names.network}" id: "masquerade"`;
  const jump = ['POSTROUTING', '-s', podCidr, '-m', 'comment', '--comment', comment, '-j', chain];
  if ((await ipt(['-C', ...jump])).code === 0) return;
  await ipt(['-N', chain]); // fails harmlessly when it exists
  await ipt(['-F', chain]);
  for (const rule of masqueradeRules(chain, podCidr, comment)) {
    const r = await ipt(rule);
    if (r.code !== 0) throw new CommandError(`iptables -t nat ${rule.join(' ')}`, r.code, r.stderr);
  }
  const r = await ipt(['-A', ...jump]);
  if (r.code !== 0) throw new CommandError(`iptables -t nat -A ${jump.join(' ')}`, r.code, r.stderr);
}
