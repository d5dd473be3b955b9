// All served resources and their stores, looked up by group/version/plural.
// Built-ins are registered at start; CRDs add and remove theirs at run time.
import type { ResourceDef } from '../types.js';
import { ResourceStore, type StoreContext } from './store.js';

export interface GroupVersion {
  group: string;
  version: string;
}

export class Registry {
  private readonly stores = new Map<string, ResourceStore>();
  private listeners: Array<() => void> = [];

  constructor(private readonly ctx: StoreContext) {}

  private static id(group: string, version: string, plural: string): string {
    return `${group}/${version}/${plural}`;
  }

  add(def: ResourceDef): ResourceStore {
    const s = new ResourceStore(def, this.ctx);
    this.stores.set(Registry.id(def.group, def.version, def.plural), s);
    this.changed();
    return s;
  }

  remove(group: string, version: string, plural: string): void {
    if (this.stores.delete(Registry.id(group, version, plural))) this.changed();
  }

  /** Calls `fn` whenever the set of resources changes (discovery and OpenAPI caches listen). */
  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  lookup(group: string, version: string, plural: string): ResourceStore | undefined {
    return this.stores.get(Registry.id(group, version, plural));
  }

  /** The store of a kind (first served version), e.g. for controllers inside the server. */
  byKind(group: string, kind: string): ResourceStore | undefined {
    for (const s of this.stores.values()) if (s.def.group === group && s.def.kind === kind) return s;
    return undefined;
  }

  defs(): ResourceDef[] {
    return [...this.stores.values()].map((s) => s.def);
  }

  all(): ResourceStore[] {
    return [...this.stores.values()];
  }

  /** Served group-versions, legacy core first, in registration order. */
  groupVersions(): GroupVersion[] {
    const seen = new Set<string>();
    const out: GroupVersion[] = [];
    for (const d of this.defs()) {
      const k = `${d.group}/${d.version}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push({ group: d.group, version: d.version });
      }
    }
    return out;
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.defs().some((d) => d.group === group && d.version === version);
  }
}
