// The nftables backend: keeps the model of what it programmed and turns each
// sync into one `nft -f -` transaction — the whole table at start (replacing
// leftovers) and after a failure, else only the changed Services' chains,
// affinity sets and map elements.
import { nftApply, nftDeleteTable } from '../network/nft.js';
import type { BackendOptions, ProxyBackend, SyncStats } from './backend.js';
import type { PortPlan } from './model.js';
import { serviceRules, type NftServiceRules } from './nft-rules.js';
import { FAMILY, diffScript, fullScript } from './nft-script.js';
import { diffTables, emptyElements, mergeElements, tableContent, type Elements } from './nft-state.js';

export class NftBackend implements ProxyBackend {
  readonly name = 'nftables' as const;
  private services = new Map<string, NftServiceRules>();
  private elements: Elements = emptyElements();
  private programmed = false;
  private readonly conflicts = new Set<string>();

  constructor(private readonly o: BackendOptions) {}

  private rulesOf(plans: PortPlan[]): NftServiceRules {
    return serviceRules(plans, { clusterCidr: this.o.clusterCidr, endpointChains: this.o.endpointChains });
  }

  private merge(services: ReadonlyMap<string, NftServiceRules>): Elements {
    return mergeElements(services, (key, winner, loser) => {
      const id = `${key} ${winner} ${loser}`;
      if (this.conflicts.has(id)) return;
      this.conflicts.add(id);
      this.o.log(`service proxy: ${loser} also claims ${key}; ${winner} keeps it`);
    });
  }

  async sync(all: ReadonlyMap<string, PortPlan[]>, changed: ReadonlySet<string> | null): Promise<SyncStats> {
    if (!this.programmed || changed === null) return this.full(all);
    const t0 = performance.now();
    const next = new Map(this.services);
    for (const key of changed) {
      const plans = all.get(key);
      if (plans?.length) next.set(key, this.rulesOf(plans));
      else next.delete(key);
    }
    const elements = this.merge(next);
    const script = diffScript(this.o.table, diffTables(this.services, next, changed, this.elements, elements));
    const t1 = performance.now();
    try {
      if (script) await nftApply(script, this.o.target);
    } catch (e) {
      this.o.log(`service proxy: incremental nft transaction failed, rewriting the table: ${(e as Error).message}`);
      return this.full(all);
    }
    this.services = next;
    this.elements = elements;
    return { kind: 'partial', scriptBytes: script.length, renderMs: t1 - t0, applyMs: performance.now() - t1 };
  }

  private async full(all: ReadonlyMap<string, PortPlan[]>): Promise<SyncStats> {
    const t0 = performance.now();
    const next = new Map<string, NftServiceRules>();
    for (const [key, plans] of all) if (plans.length) next.set(key, this.rulesOf(plans));
    const elements = this.merge(next);
    const script = fullScript(this.o.table, tableContent(next, elements));
    const t1 = performance.now();
    this.programmed = false;
    await nftApply(script, this.o.target);
    this.services = next;
    this.elements = elements;
    this.programmed = true;
    return { kind: 'full', scriptBytes: script.length, renderMs: t1 - t0, applyMs: performance.now() - t1 };
  }

  async cleanup(): Promise<void> {
    this.programmed = false;
    this.services.clear();
    this.elements = emptyElements();
    await nftDeleteTable(FAMILY, this.o.table, this.o.target);
  }
}
