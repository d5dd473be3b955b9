// Removing everything the service proxy created: its nft table and, if the
// iptables fallback ran, its iptables chains and jumps. Idempotent; used by
// ServiceProxy.stop({ cleanup: true }) and by node cleanup after a crash.
import { runCommand } from '../network/exec.js';
import { nftDeleteTable, type NftTarget } from '../network/nft.js';
import { cleanupIptables } from './iptables-backend.js';
import { FAMILY } from './nft-script.js';

async function has(cmd: string): Promise<boolean> {
  return runCommand(cmd, ['--version'], { timeoutMs: 10_000 }).then((r) => r.code === 0, () => false);
}

export async function cleanupProxy(table: string, target: NftTarget = {}): Promise<void> {
  if (await has('nft')) await nftDeleteTable(FAMILY, table, target);
  if (await has('iptables')) await cleanupIptables(table, target);
}
