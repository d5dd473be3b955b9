// Serving CustomResourceDefinitions: follows CRD objects in the watch cache and
// registers (or removes) the resources each one defines, their schemas in the
// OpenAPI documents, and deletes a CRD's custom resources when it goes away.
import type { CacheEvent } from '../registry/cache.js';
import { deleteCollection } from '../registry/delete.js';
import type { Registry } from '../registry/registry.js';
import type { WatchCache } from '../registry/cache.js';
import { crdToResourceDefs } from '../crd/resource-def.js';
import type { CustomResourceDefinition, JSONSchemaProps } from '../crd/types.js';
import type { Schema } from '../schema/types.js';
import type { Schemas } from './schemas.js';

export const CRD_PREFIX = '/registry/apiextensions.k8s.io/customresourcedefinitions/';

interface Served {
  group: string;
  version: string;
  plural: string;
  defNames: string[];
}

/** Reverse-DNS definition name, as upstream names CRD schemas: `com.example.stable.v1.CronTab`. */
function definitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

function resourceSchema(s: JSONSchemaProps | undefined, group: string, version: string, kind: string): Schema {
  const base = (s ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as Schema;
  return {
    ...base,
    type: 'object',
    properties: {
      apiVersion: {
        type: 'string',
        description:
          'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
      },
      kind: {
        type: 'string',
        description:
          'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
      },
      metadata: {
        description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        allOf: [{ $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
      },
      ...(base.properties ?? {}),
    },
    'x-kubernetes-group-version-kind': [{ group, version, kind }],
  };
}

export class CrdServing {
  private readonly served = new Map<string, Served[]>();
  private cancel?: () => void;

  constructor(
    private readonly registry: Registry,
    private readonly cache: WatchCache,
    private readonly schemas: Schemas,
    private readonly changed: () => void,
    private readonly log: (msg: string) => void,
  ) {}

  start(): void {
    for (const e of this.cache.list(CRD_PREFIX)) this.sync(e.object() as CustomResourceDefinition);
    const reg = this.cache.watchFrom(CRD_PREFIX, this.cache.revision, { send: (ev) => this.onEvent(ev) });
    this.cancel = reg?.cancel;
  }

  stop(): void {
    this.cancel?.();
  }

  private onEvent(ev: CacheEvent): void {
    const crd = ev.entry.object() as CustomResourceDefinition;
    if (ev.type === 'DELETED') void this.remove(crd.metadata!.name!, true);
    else this.sync(crd);
  }

  private sync(crd: CustomResourceDefinition): void {
    const name = crd.metadata!.name!;
    try {
      const defs = crdToResourceDefs(crd);
      const before = this.served.get(name) ?? [];
      const now: Served[] = [];
      for (const def of defs) {
        def.crd = true;
        this.registry.add(def);
        const listKind = def.listKind;
        const dn = definitionName(def.group, def.version, def.kind);
        this.schemas.set.add(dn, resourceSchema(crd.spec?.versions?.find((v) => v.name === def.version)?.schema?.openAPIV3Schema, def.group, def.version, def.kind));
        this.schemas.set.add(`${dn}List`, {
          type: 'object',
          properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta' }, items: { type: 'array', items: { $ref: `#/definitions/${dn}` } } },
          required: ['items'],
          'x-kubernetes-group-version-kind': [{ group: def.group, version: def.version, kind: listKind }],
        });
        now.push({ group: def.group, version: def.version, plural: def.plural, defNames: [dn, `${dn}List`] });
      }
      for (const old of before) {
        if (!now.some((n) => n.group === old.group && n.version === old.version && n.plural === old.plural)) this.unregister(old);
      }
      this.served.set(name, now);
      this.changed();
    } catch (e) {
      this.log(`serving CRD ${name}: ${(e as Error).message}`);
    }
  }

  private unregister(s: Served): void {
    this.registry.remove(s.group, s.version, s.plural);
    for (const d of s.defNames) this.schemas.set.remove(d);
  }

  /** Stops serving a CRD's resources; with `purge`, deletes its custom resources first. */
  private async remove(name: string, purge: boolean): Promise<void> {
    const served = this.served.get(name) ?? [];
    this.served.delete(name);
    if (purge && served.length) {
      const store = this.registry.lookup(served[0].group, served[0].version, served[0].plural);
      if (store) {
        try {
          await deleteCollection(store, '', {}, { propagationPolicy: 'Background' });
        } catch (e) {
          this.log(`deleting custom resources of ${name}: ${(e as Error).message}`);
        }
      }
    }
    for (const s of served) this.unregister(s);
    this.changed();
  }
}
