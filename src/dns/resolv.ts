// The default upstreams: the nameservers of the node's resolv.conf, minus
// the cluster DNS address itself (a forwarding loop otherwise).
import { readFileSync } from 'node:fs';
import { parseResolvConf } from '../agent/etc-files.js';
import { canonicalIP } from './names.js';

export const DEFAULT_RESOLV_CONF = '/etc/resolv.conf';

export function upstreamsFromResolvConf(path = DEFAULT_RESOLV_CONF, exclude: string[] = []): string[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const skip = new Set(exclude.map(canonicalIP));
  // A zone index (fe80::1%eth0) cannot be used by a dgram socket address; drop it.
  return parseResolvConf(text).servers.filter((s) => !s.includes('%') && !skip.has(canonicalIP(s)));
}
