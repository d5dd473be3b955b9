// A set of named schemas: the built-in definitions plus CRD schemas added at
// run time. Resolves `$ref`s and finds the schema of a kind.
import type { Definitions, Schema } from './types.js';
import { builtinDefinitions } from './builtin.js';

const REF_PREFIXES = ['#/definitions/', '#/components/schemas/'];
const MAX_REF_CHAIN = 32;

/** Definition name of a `$ref` (`#/definitions/X` or `#/components/schemas/X`). */
export function refName(ref: string): string {
  for (const p of REF_PREFIXES) if (ref.startsWith(p)) return ref.slice(p.length);
  return ref;
}

export function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

export class SchemaSet {
  private readonly defs: Definitions;
  private byGVK: Map<string, string> | undefined;

  /** Copies the map (not the schemas), so `add` never changes the caller's object. */
  constructor(defs: Definitions = builtinDefinitions()) {
    this.defs = { ...defs };
  }

  /** The schema a `$ref` points to (following chains); the schema itself when it has no `$ref`; `{}` for a dangling one. */
  resolve = (s: Schema): Schema => {
    let cur = s;
    for (let i = 0; cur.$ref !== undefined && i < MAX_REF_CHAIN; i++) {
      const target = this.defs[refName(cur.$ref)];
      if (!target) return {};
      cur = target;
    }
    return cur;
  };

  /** A definition by name, e.g. `io.k8s.api.core.v1.Pod`. */
  get(name: string): Schema | undefined {
    return this.defs[name];
  }

  /** The definition whose `x-kubernetes-group-version-kind` names this kind. */
  forGVK(group: string, version: string, kind: string): Schema | undefined {
    const name = this.nameForGVK(group, version, kind);
    return name === undefined ? undefined : this.defs[name];
  }

  /** The definition name for a kind (the one added last, when several claim it). */
  nameForGVK(group: string, version: string, kind: string): string | undefined {
    if (!this.byGVK) {
      this.byGVK = new Map();
      for (const name of Object.keys(this.defs)) {
        for (const g of this.defs[name]!['x-kubernetes-group-version-kind'] ?? []) {
          this.byGVK.set(gvkKey(g.group, g.version, g.kind), name);
        }
      }
    }
    return this.byGVK.get(gvkKey(group, version, kind));
  }

  /** Adds or replaces a definition (CRD versions). For a kind claimed twice, the definition added last wins. */
  add(name: string, schema: Schema): void {
    delete this.defs[name]; // re-insert at the end: insertion order decides GVK ties
    this.defs[name] = schema;
    this.byGVK = undefined;
  }

  remove(name: string): void {
    delete this.defs[name];
    this.byGVK = undefined;
  }

  /** All definitions (read-only view). */
  definitions(): Readonly<Definitions> {
    return this.defs;
  }
}
