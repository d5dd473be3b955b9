// Schemas for every served kind: built-ins from the generated definitions,
// custom resources from their CRD version. Feeds patches, apply and
// unknown-field detection.
import type { CustomResourceStrategy } from '../crd/cr-strategy.js';
import { decodeCheck } from '../schema/decode.js';
import { prune } from '../schema/prune.js';
import { SchemaSet } from '../schema/set.js';
import type { Schema } from '../schema/types.js';
import type { KubeObject, ResourceDef } from '../types.js';

export interface KindSchema {
  schema: Schema;
  resolve: (s: Schema) => Schema;
}

export class Schemas {
  readonly set = new SchemaSet();
  private readonly cache = new WeakMap<ResourceDef, KindSchema | null>();

  forDef(def: ResourceDef): KindSchema | undefined {
    const hit = this.cache.get(def);
    if (hit !== undefined) return hit ?? undefined;
    let out: KindSchema | undefined;
    if (def.crd) {
      const s = (def.strategy as CustomResourceStrategy).schemaFor?.();
      if (s) out = { schema: s, resolve: this.set.resolve };
    } else {
      const s = this.set.forGVK(def.group, def.version, def.kind);
      if (s) out = { schema: s, resolve: this.set.resolve };
    }
    this.cache.set(def, out ?? null);
    return out;
  }

  /** Go-decoding type check (throws DecodeTypeError); custom resources only get their metadata checked here. */
  typeCheck(def: ResourceDef, obj: KubeObject): void {
    if (def.crd) {
      decodeCheck(obj, { properties: { metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' } } }, this.set.resolve, def.kind);
      return;
    }
    const k = this.forDef(def);
    if (k) decodeCheck(obj, k.schema, k.resolve, def.kind);
  }

  /** Removes fields the kind's schema does not know from `obj`; returns their paths. */
  pruneUnknown(def: ResourceDef, obj: KubeObject): string[] {
    const k = this.forDef(def);
    if (!k) return [];
    return prune(obj, k.schema, k.resolve, def.crd ? { resourceRoot: true } : {});
  }
}
