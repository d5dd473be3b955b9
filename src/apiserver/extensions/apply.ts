// Server-side apply and managedFields tracking for every write.
import { applyPatch, defaultResetFields, trackManagedFieldsInPlace } from '../apply/index.js';
import { SchemaNav, type SchemaResolver } from '../apply/schema-nav.js';
import type { KubeObject, ResourceDef } from '../types.js';
import type { WriteOptions } from '../registry/store.js';
import type { KindSchema, Schemas } from './schemas.js';

function apiVersionOf(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

export class FieldManagement {
  /** One resolver and SchemaNav per kind schema, so the nav's caches outlive a request. */
  private readonly navs = new WeakMap<KindSchema, { resolve: SchemaResolver; nav: SchemaNav }>();

  constructor(
    private readonly schemas: Schemas,
    private readonly now: () => Date,
  ) {}

  private base(def: ResourceDef, manager: string, subresource: string) {
    const k = this.schemas.forDef(def);
    const n = k ? this.navFor(k) : undefined;
    return {
      manager,
      schema: k?.schema,
      resolve: n?.resolve,
      nav: n?.nav,
      apiVersion: apiVersionOf(def),
      kind: def.kind,
      now: this.now(),
      subresource: subresource || undefined,
      resetFields: defaultResetFields(subresource, !!def.subresources?.status),
    };
  }

  private navFor(k: KindSchema): { resolve: SchemaResolver; nav: SchemaNav } {
    let n = this.navs.get(k);
    if (!n) {
      const resolve = (ref: string) => k.resolve({ $ref: ref });
      n = { resolve, nav: new SchemaNav(resolve) };
      this.navs.set(k, n);
    }
    return n;
  }

  /** Store hook: records an Update operation's changed fields for its manager. */
  track = (def: ResourceDef, old: KubeObject | undefined, obj: KubeObject, opts: WriteOptions): void => {
    const sub = opts.subresource === 'status' ? 'status' : opts.subresource === 'scale' ? 'scale' : '';
    trackManagedFieldsInPlace(old, obj, this.base(def, opts.fieldManager ?? 'unknown', sub));
  };

  /** Server-side apply of `applied` onto `live` (undefined: create). */
  apply = (def: ResourceDef, live: KubeObject | undefined, applied: KubeObject, o: { manager: string; force: boolean; subresource: string }): KubeObject =>
    applyPatch(live, applied, { ...this.base(def, o.manager, o.subresource), force: o.force });
}
