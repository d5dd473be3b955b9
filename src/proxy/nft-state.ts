// The in-memory model of what the nft backend programmed: each Service's
// chains, affinity sets and map elements. Diffing two models gives the
// incremental transaction; only changed Services' chains are compared.
import { SERVICE_MAPS, type NftServiceRules, type ServiceMap } from './nft-rules.js';
import type { TableContent, TableDiff } from './nft-script.js';

export type Elements = Map<ServiceMap, Map<string, string>>;

export function emptyElements(): Elements {
  return new Map(SERVICE_MAPS.map((m) => [m, new Map<string, string>()]));
}

/**
 * The map elements of all Services. Two Services claiming one key (the same
 * external IP and port, say): the first by namespace/name keeps it.
 */
export function mergeElements(services: ReadonlyMap<string, NftServiceRules>, onConflict?: (key: string, winner: string, loser: string) => void): Elements {
  const out = emptyElements();
  const owner = new Map<string, string>();
  for (const svc of [...services.keys()].sort()) {
    for (const e of services.get(svc)!.elements) {
      const m = out.get(e.map)!;
      const prev = m.get(e.key);
      if (prev === undefined) {
        m.set(e.key, e.verdict);
        owner.set(`${e.map} ${e.key}`, svc);
      } else if (prev !== e.verdict) {
        const w = owner.get(`${e.map} ${e.key}`)!;
        if (w !== svc) onConflict?.(`${e.map} ${e.key}`, w, svc);
      }
    }
  }
  return out;
}

export function tableContent(services: ReadonlyMap<string, NftServiceRules>, elements: Elements): TableContent {
  const all = [...services.values()];
  return {
    chains: all.flatMap((s) => [...s.chains]),
    sets: all.flatMap((s) => [...s.sets]),
    elements,
  };
}

const sameRules = (a: string[], b: string[]): boolean => a.length === b.length && a.every((r, i) => r === b[i]);

/** The transaction turning `old` into `next`, looking only at the chains and sets of `changed` Services. */
export function diffTables(
  old: ReadonlyMap<string, NftServiceRules>,
  next: ReadonlyMap<string, NftServiceRules>,
  changed: Iterable<string>,
  oldElements: Elements,
  nextElements: Elements,
): TableDiff {
  const d: TableDiff = { addChains: [], rewriteChains: [], deleteChains: [], addSets: [], deleteSets: [], deleteElements: [], addElements: [] };
  const empty: NftServiceRules = { chains: new Map(), sets: new Map(), elements: [] };
  for (const key of new Set(changed)) {
    const o = old.get(key) ?? empty;
    const n = next.get(key) ?? empty;
    for (const [c, rules] of n.chains) {
      const prev = o.chains.get(c);
      if (!prev) {
        d.addChains.push(c);
        d.rewriteChains.push([c, rules]);
      } else if (!sameRules(prev, rules)) d.rewriteChains.push([c, rules]);
    }
    for (const c of o.chains.keys()) if (!n.chains.has(c)) d.deleteChains.push(c);
    for (const [s, t] of n.sets) if (!o.sets.has(s)) d.addSets.push([s, t]);
    for (const s of o.sets.keys()) if (!n.sets.has(s)) d.deleteSets.push(s);
  }
  for (const m of SERVICE_MAPS) {
    const before = oldElements.get(m)!;
    const after = nextElements.get(m)!;
    for (const [k, v] of before) if (after.get(k) !== v) d.deleteElements.push([m, k]);
    for (const [k, v] of after) if (before.get(k) !== v) d.addElements.push([m, k, v]);
  }
  return d;
}
