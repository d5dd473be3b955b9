// Reading and removing the iptables rules CNI plugins leave behind. The
// bridge plugin's masquerade rules and portmap's per-container DNAT rules carry
// a comment naming the CNI network and container id (`name: "<net>" id:
// "<id>"`, `dnat name: "<net>" id: "<id>"`), which is how Skiff finds its own.
import { runCommand } from './exec.js';
import { CommandError } from './errors.js';

export interface IptRule {
  table: string;
  chain: string;
  /** The rule's specification after `-A <chain>`, as argv. */
  spec: string[];
  comment?: string;
  /** The `-j`/`-g` target. */
  target?: string;
}

/** portmap's top-level chains, shared by every portmap user on the host. */
export const HOSTPORT_CHAINS = ['CNI-HOSTPORT-DNAT', 'CNI-HOSTPORT-SETMARK', 'CNI-HOSTPORT-MASQ'];

/** Splits one `iptables -S` line into argv, honouring "..." with \" escapes. */
export function splitRule(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) cur += line[++i];
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') {
      quoted = true;
      inToken = true;
    } else if (ch === ' ' || ch === '\t') {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
    } else {
      cur += ch;
      inToken = true;
    }
  }
  if (inToken) out.push(cur);
  return out;
}

/** Parses `iptables -S` output into rules and the list of chains. */
export function parseRules(table: string, text: string): { chains: string[]; rules: IptRule[] } {
  const chains: string[] = [];
  const rules: IptRule[] = [];
  for (const line of text.split('\n')) {
    const argv = splitRule(line.trim());
    if ((argv[0] === '-N' || argv[0] === '-P') && argv[1]) chains.push(argv[1]);
    if (argv[0] !== '-A' || !argv[1]) continue;
    const spec = argv.slice(2);
    const ci = spec.indexOf('--comment');
    const ti = Math.max(spec.indexOf('-j'), spec.indexOf('-g'));
    rules.push({
      table,
      chain: argv[1],
      spec,
      comment: ci >= 0 ? spec[ci + 1] : undefined,
      target: ti >= 0 ? spec[ti + 1] : undefined,
    });
  }
  return { chains, rules };
}

async function ipt(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCommand('iptables', ['-w', '5', ...args], { timeoutMs: 30_000 });
}

/** Every chain and rule of a table (IPv4). */
export async function listRules(table: string): Promise<{ chains: string[]; rules: IptRule[] }> {
  const r = await ipt(['-t', table, '-S']);
  if (r.code !== 0) throw new CommandError(`iptables -t ${table} -S`, r.code, r.stderr);
  return parseRules(table, r.stdout);
}

/** Whether a CNI rule comment names this network (and, if given, this container). */
export function commentMatches(comment: string | undefined, network: string, containerId?: string): boolean {
  if (!comment) return false;
  if (!comment.includes(`name: "${network}"`)) return false;
  return containerId === undefined || comment.includes(`id: "${containerId}"`);
}

/**
 * Removes the rules whose comment names `network` (optionally one container)
 * from the nat and filter tables, and the per-container chains they jump to.
 * Returns how many rules were deleted.
 */
export async function purgeNetworkRules(network: string, containerId?: string): Promise<number> {
  let deleted = 0;
  for (const table of ['nat', 'filter']) {
    const { chains, rules } = await listRules(table);
    const mine = rules.filter((r) => commentMatches(r.comment, network, containerId));
    const targets = new Set<string>();
    for (const r of mine) {
      if (r.target && r.target.startsWith('CNI-') && !HOSTPORT_CHAINS.includes(r.target) && chains.includes(r.target)) targets.add(r.target);
    }
    for (const r of mine) {
      if (targets.has(r.chain)) continue; // goes with its chain
      const d = await ipt(['-t', table, '-D', r.chain, ...r.spec]);
      if (d.code === 0) deleted++;
    }
    for (const chain of targets) {
      // Only drop the chain when nothing else still jumps to it.
      const now = await listRules(table);
      if (now.rules.some((r) => r.target === chain)) continue;
      deleted += now.rules.filter((r) => r.chain === chain).length;
      await ipt(['-t', table, '-F', chain]);
      await ipt(['-t', table, '-X', chain]);
    }
  }
  return deleted;
}

/**
 * Removes portmap's shared top-level chains (and the jumps to them from the
 * built-in chains) when no container uses them any more (CNI-HOSTPORT-DNAT is
 * empty). portmap recreates them on its next ADD. Returns whether it removed them.
 */
export async function removeUnusedHostportChains(): Promise<boolean> {
  const { chains, rules } = await listRules('nat');
  if (!chains.includes('CNI-HOSTPORT-DNAT')) return false;
  if (rules.some((r) => r.chain === 'CNI-HOSTPORT-DNAT')) return false;
  const jumps = rules.filter((r) => r.target && HOSTPORT_CHAINS.includes(r.target) && !HOSTPORT_CHAINS.includes(r.chain));
  for (const r of jumps) await ipt(['-t', 'nat', '-D', r.chain, ...r.spec]);
  // Never flush CNI-HOSTPORT-DNAT: -X refuses a chain that is not empty, so a
  // concurrent portmap ADD that just added a rule keeps it (and gets its jumps back).
  const x = await ipt(['-t', 'nat', '-X', 'CNI-HOSTPORT-DNAT']);
  if (x.code !== 0) {
    for (const r of jumps) await ipt(['-t', 'nat', '-I', r.chain, '1', ...r.spec]);
    return false;
  }
  for (const chain of ['CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-SETMARK']) {
    if (!chains.includes(chain)) continue;
    await ipt(['-t', 'nat', '-F', chain]);
    await ipt(['-t', 'nat', '-X', chain]);
  }
  return true;
}

/**
 * Whether portmap's DNAT for this attachment is in place: a CNI-HOSTPORT-DNAT
 * rule commented with the network and container, jumping to a chain that
 * DNATs each `hostPort` to `podIp:containerPort`. Returns what is missing.
 */
export async function missingHostportRules(
  network: string,
  containerId: string,
  podIp: string,
  mappings: { hostPort: number; containerPort: number; protocol: string }[],
): Promise<string[]> {
  if (mappings.length === 0) return [];
  const { rules } = await listRules('nat');
  const jumps = rules.filter((r) => r.chain === 'CNI-HOSTPORT-DNAT' && r.comment === `dnat name: "${network}" id: "${containerId}"`);
  const chains = new Set(jumps.map((r) => r.target));
  const missing: string[] = [];
  for (const m of mappings) {
    const want = `${podIp}:${m.containerPort}`;
    const ok = rules.some((r) => {
      if (!chains.has(r.chain) || r.target !== 'DNAT') return false;
      const s = r.spec;
      return s[s.indexOf('-p') + 1] === m.protocol && s[s.indexOf('--dport') + 1] === String(m.hostPort) && s[s.indexOf('--to-destination') + 1] === want;
    });
    if (!ok) missing.push(`${m.protocol} ${m.hostPort} -> ${want}`);
  }
  return missing;
}
