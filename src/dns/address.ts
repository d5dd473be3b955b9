// The node-local cluster DNS address: like NodeLocal DNSCache, the server
// listens on the DNS Service IP itself, held by a dummy interface so pods'
// packets to it are delivered locally (a port-less bridge where the kernel
// has no dummy driver). Both calls are idempotent.
import { isIP } from 'node:net';
import { runCommand } from '../network/exec.js';

export class DnsAddressError extends Error {
  override name = 'DnsAddressError';
}

export interface AddressTarget {
  /** A named network namespace (tests); default: the host's. */
  netns?: string;
}

async function ip(target: AddressTarget | undefined, args: string[], okIf?: RegExp): Promise<void> {
  const full = target?.netns ? ['-n', target.netns, ...args] : args;
  const r = await runCommand('ip', full, { timeoutMs: 10_000 });
  if (r.code === 0 || (okIf && okIf.test(r.stderr))) return;
  throw new DnsAddressError(`ip ${full.join(' ')}: ${r.stderr.trim() || `exit ${r.code}`}`);
}

/** Creates dummy interface `link` holding `address`/32 (or /128) and brings it up. */
export async function ensureDnsAddress(link: string, address: string, target?: AddressTarget): Promise<void> {
  const fam = isIP(address);
  if (!fam) throw new DnsAddressError(`not an IP address: ${address}`);
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(link)) throw new DnsAddressError(`not an interface name: ${link}`);
  try {
    await ip(target, ['link', 'add', link, 'type', 'dummy'], /File exists/);
  } catch (e) {
    // Kernels built without CONFIG_DUMMY (some VM kernels): a bridge with no ports holds a local address just as well.
    if (!/Unknown device type/.test((e as Error).message)) throw e;
    await ip(target, ['link', 'add', link, 'type', 'bridge'], /File exists/);
  }
  await ip(target, ['addr', 'replace', `${address}/${fam === 4 ? 32 : 128}`, 'dev', link]);
  // No duplicate address detection on a dummy link: the IPv6 address is usable at once.
  if (fam === 6) await ip(target, ['addr', 'change', `${address}/128`, 'dev', link, 'nodad']).catch(() => {});
  await ip(target, ['link', 'set', link, 'up']);
}

/** Deletes the dummy interface (and so its address); a missing one is fine. */
export async function removeDnsAddress(link: string, target?: AddressTarget): Promise<void> {
  await ip(target, ['link', 'del', link], /Cannot find device|does not exist/);
}
