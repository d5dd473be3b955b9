// br_netfilter switch: with net.bridge.bridge-nf-call-iptables = 1, IPv4
// frames bridged between pods of this node pass the inet forward hook, where
// policy is enforced. Per network namespace on current kernels (5.3+).
import { readSysctl, writeSysctl } from '../network/sysctl.js';

export const BRIDGE_NF_SYSCTL = '/proc/sys/net/bridge/bridge-nf-call-iptables';

export type BridgeNfResult = 'on' | 'turned-on' | 'missing' | 'failed';

/** Makes sure bridged IPv4 traffic is seen by netfilter, in `netns` (by `ip netns exec`) or in this process's namespace. */
export async function ensureBridgeNf(netns?: string): Promise<{ result: BridgeNfResult; detail?: string }> {
  const cur = await readSysctl(BRIDGE_NF_SYSCTL, netns);
  if (cur === undefined) return { result: 'missing' };
  if (cur === '1') return { result: 'on' };
  try {
    await writeSysctl(BRIDGE_NF_SYSCTL, '1', netns);
    return { result: 'turned-on' };
  } catch (e) {
    return { result: 'failed', detail: (e as Error).message };
  }
}
