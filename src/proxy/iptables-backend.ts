// The iptables backend (no nft on the host): kube-proxy iptables-mode rules in
// the nat and filter tables through `iptables-restore --noflush -w`, one
// restore per sync. The top-level chains are rebuilt each time; per-Service
// chains only for changed Services; stale chains are deleted. Jumps from the
// built-in chains are installed once with `iptables -C`/`-I`.
import { runCommand, type RunResult } from '../network/exec.js';
import type { NftTarget } from '../network/nft.js';
import type { BackendOptions, ProxyBackend, SyncStats } from './backend.js';
import { iptJumps, iptNames, iptRestoreScript, iptServiceChains, iptTopLevel, type IptNames } from './iptables-rules.js';
import type { PortPlan } from './model.js';
import { ProxySyncError } from './types.js';

function ipt(t: NftTarget, cmd: string, args: string[], input?: string): Promise<RunResult> {
  const [c, a] = t.netns ? ['ip', ['netns', 'exec', t.netns, cmd, ...args]] : [cmd, args];
  return runCommand(c, a, { input, timeoutMs: 60_000 });
}

async function restore(t: NftTarget, script: string): Promise<void> {
  if (!script) return;
  const r = await ipt(t, 'iptables-restore', ['--noflush', '-w', '5'], script);
  if (r.code !== 0) throw new ProxySyncError(`iptables-restore: exit ${r.code}: ${r.stderr.trim()}`);
}

/** Our chains (by prefix) that exist in a table. */
async function ourChains(t: NftTarget, table: string, n: IptNames): Promise<string[]> {
  const r = await ipt(t, 'iptables', ['-w', '5', '-t', table, '-S']);
  if (r.code !== 0) return [];
  return r.stdout.split('\n').filter((l) => l.startsWith(`-N ${n.prefix}`)).map((l) => l.slice(3).trim());
}

export class IptablesBackend implements ProxyBackend {
  readonly name = 'iptables' as const;
  private readonly n: IptNames;
  private services = new Map<string, Map<string, string[]>>();
  private programmed = false;

  constructor(private readonly o: BackendOptions) {
    this.n = iptNames(o.table);
  }

  async sync(all: ReadonlyMap<string, PortPlan[]>, changed: ReadonlySet<string> | null): Promise<SyncStats> {
    if (!this.programmed || changed === null) return this.full(all);
    const t0 = performance.now();
    const next = new Map(this.services);
    const write: Array<[string, string[]]> = [];
    const remove: string[] = [];
    for (const key of changed) {
      const old = this.services.get(key) ?? new Map<string, string[]>();
      const plans = all.get(key);
      const chains = plans?.length ? iptServiceChains(plans, this.o.clusterCidr, this.n) : new Map<string, string[]>();
      if (chains.size) next.set(key, chains);
      else next.delete(key);
      for (const [c, rules] of chains) if (old.get(c)?.join('\n') !== rules.join('\n')) write.push([c, rules]);
      for (const c of old.keys()) if (!chains.has(c)) remove.push(c);
    }
    const top = iptTopLevel(all.values(), this.n);
    const script = iptRestoreScript({ nat: { write: [...write, ...top.nat], remove }, filter: { write: top.filter, remove: [] } });
    const t1 = performance.now();
    try {
      await restore(this.o.target, script);
    } catch (e) {
      this.o.log(`service proxy: incremental iptables-restore failed, rewriting: ${(e as Error).message}`);
      return this.full(all);
    }
    this.services = next;
    return { kind: 'partial', scriptBytes: script.length, renderMs: t1 - t0, applyMs: performance.now() - t1 };
  }

  private async full(all: ReadonlyMap<string, PortPlan[]>): Promise<SyncStats> {
    const t0 = performance.now();
    this.programmed = false;
    const next = new Map<string, Map<string, string[]>>();
    for (const [key, plans] of all) {
      const chains = iptServiceChains(plans, this.o.clusterCidr, this.n);
      if (chains.size) next.set(key, chains);
    }
    const top = iptTopLevel(all.values(), this.n);
    const natWrite = new Map<string, string[]>(top.nat);
    for (const chains of next.values()) for (const [c, r] of chains) natWrite.set(c, r);
    const existingNat = await ourChains(this.o.target, 'nat', this.n);
    const existingFilter = await ourChains(this.o.target, 'filter', this.n);
    const script = iptRestoreScript({
      nat: { write: natWrite, remove: existingNat.filter((c) => !natWrite.has(c)) },
      filter: { write: top.filter, remove: existingFilter.filter((c) => !top.filter.has(c)) },
    });
    const t1 = performance.now();
    await restore(this.o.target, script);
    await this.ensureJumps();
    this.services = next;
    this.programmed = true;
    return { kind: 'full', scriptBytes: script.length, renderMs: t1 - t0, applyMs: performance.now() - t1 };
  }

  private async ensureJumps(): Promise<void> {
    for (const [table, chain, rule] of iptJumps(this.n)) {
      if ((await ipt(this.o.target, 'iptables', ['-w', '5', '-t', table, '-C', chain, ...rule])).code === 0) continue;
      const r = await ipt(this.o.target, 'iptables', ['-w', '5', '-t', table, '-I', chain, '1', ...rule]);
      if (r.code !== 0) throw new ProxySyncError(`iptables -t ${table} -I ${chain}: ${r.stderr.trim()}`);
    }
  }

  async cleanup(): Promise<void> {
    this.programmed = false;
    this.services.clear();
    await cleanupIptables(this.o.table, this.o.target);
  }
}

/** Removes the jumps and every chain of this table's prefix (idempotent). */
export async function cleanupIptables(table: string, t: NftTarget = {}): Promise<void> {
  const n = iptNames(table);
  for (const [tbl, chain, rule] of iptJumps(n)) {
    for (let i = 0; i < 10; i++) if ((await ipt(t, 'iptables', ['-w', '5', '-t', tbl, '-D', chain, ...rule])).code !== 0) break;
  }
  for (const tbl of ['nat', 'filter']) {
    const chains = await ourChains(t, tbl, n);
    await restore(t, iptRestoreScript({ [tbl]: { write: [], remove: chains } }));
  }
}
