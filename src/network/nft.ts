// nftables access shared by the service proxy and network policy: one
// `nft -f -` transaction per call (atomic: all of the script or none of it),
// optionally inside a named network namespace (tests program a throwaway
// namespace, never the host). `nft -j list` output for checks and cleanup.
import { CommandError } from './errors.js';
import { runCommand } from './exec.js';

export interface NftTarget {
  /** Run inside this named network namespace (`ip netns exec`); default: the host's. */
  netns?: string;
}

function argv(t: NftTarget, args: string[]): [string, string[]] {
  return t.netns ? ['ip', ['netns', 'exec', t.netns, 'nft', ...args]] : ['nft', args];
}

/** Applies an nft script as one transaction; rejects with CommandError (the script's error lines) on failure. */
export async function nftApply(script: string, t: NftTarget = {}): Promise<void> {
  const [cmd, args] = argv(t, ['-f', '-']);
  const r = await runCommand(cmd, args, { input: script, timeoutMs: 60_000 });
  if (r.code !== 0) throw new CommandError(`nft -f -${t.netns ? ` (netns ${t.netns})` : ''}`, r.code, r.stderr);
}

/** `nft -j …` parsed; rejects on failure. */
export async function nftJson<T = { nftables: Record<string, unknown>[] }>(args: string[], t: NftTarget = {}): Promise<T> {
  const [cmd, a] = argv(t, ['-j', ...args]);
  const r = await runCommand(cmd, a, { timeoutMs: 60_000 });
  if (r.code !== 0) throw new CommandError(`nft -j ${args.join(' ')}`, r.code, r.stderr);
  return JSON.parse(r.stdout) as T;
}

/** Whether an nft table exists (`family` e.g. 'inet'). */
export async function nftTableExists(family: string, table: string, t: NftTarget = {}): Promise<boolean> {
  const [cmd, a] = argv(t, ['list', 'table', family, table]);
  const r = await runCommand(cmd, a, { timeoutMs: 60_000 });
  return r.code === 0;
}

/** Deletes a table if it exists (idempotent). */
export async function nftDeleteTable(family: string, table: string, t: NftTarget = {}): Promise<void> {
  if (!(await nftTableExists(family, table, t))) return;
  await nftApply(`delete table ${family} ${table}\n`, t);
}

let available: Promise<boolean> | undefined;
/** Whether the `nft` command exists and talks to the kernel. */
export function nftAvailable(): Promise<boolean> {
  available ??= runCommand('nft', ['list', 'tables'], { timeoutMs: 10_000 }).then((r) => r.code === 0, () => false);
  return available;
}
