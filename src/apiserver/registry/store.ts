// The generic registry: every verb of every kind, implemented once on top of a
// ResourceDef and its Strategy (kube-apiserver's genericregistry.Store).
// Reads come from the watch cache; writes go to the datastore and wait until
// the cache has seen them.
import {
  ConflictError,
  KeyExistsError,
  NotFoundError,
  type Backend,
} from '../../datastore/backend.js';
import {
  alreadyExists,
  conflict,
  invalid,
  notFound,
  OPTIMISTIC_LOCK_MESSAGE,
  StatusError,
} from '../errors.js';
import type { KubeObject, ResourceDef, StrategyContext } from '../types.js';
import type { FieldError } from '../validation/field.js';
import type { WatchCache } from './cache.js';
import { Entry, hintWrite, rememberJson } from './entry.js';
import { objectFields } from './list.js';
import { generateName, gr, jsonEqual, prepareCreateMeta, prepareUpdateMeta, sameObject, specOf, timestamp } from './meta.js';
import { validateGenericMeta } from './validate-meta.js';

export interface WriteOptions {
  dryRun?: boolean;
  /** Field manager for managedFields (already defaulted from the User-Agent by the HTTP layer). */
  fieldManager?: string;
  /** '' for the main resource, 'status', 'scale', 'binding'. */
  subresource?: string;
  /** managedFields were already computed (server-side apply): don't track this write as an Update. */
  managedFieldsSet?: boolean;
}

/** Hooks the server plugs into every write (managedFields, admission). */
export interface StoreHooks {
  /** Updates metadata.managedFields for a non-apply write; `old` is undefined on create. */
  trackManagedFields?(def: ResourceDef, old: KubeObject | undefined, obj: KubeObject, opts: WriteOptions): void;
  /** Rejects a create in a missing or terminating namespace. */
  admitNamespace?(namespace: string): void;
  /** Mutating admission of a new object after defaulting (e.g. DefaultStorageClass). */
  admitCreate?(def: ResourceDef, obj: KubeObject): void;
  /**
   * Reserves what a valid new object takes from shared ranges (Service IPs, node ports);
   * returns how to give it back if the object is not stored.
   */
  reserve?(def: ResourceDef, obj: KubeObject, dryRun: boolean): Promise<(() => Promise<void>) | undefined>;
}

export interface StoreContext {
  backend: Backend;
  cache: WatchCache;
  hooks: StoreHooks;
  now(): Date;
}

/** A mutation for `guaranteedUpdate`: returns the new object, or throws. `cur` is a private copy. */
export type Mutation = (cur: KubeObject) => KubeObject | Promise<KubeObject>;

export class ResourceStore {
  constructor(
    readonly def: ResourceDef,
    readonly ctx: StoreContext,
  ) {}

  /** `/registry/<group>/<plural>/` (or the collection a storage view lives in). */
  get collectionPrefix(): string {
    return this.def.storage?.prefix ?? `/registry/${this.def.group || 'core'}/${this.def.plural}/`;
  }

  /** An entry as this resource presents it (converted when stored through a view). */
  present(e: Entry): Entry {
    return this.def.storage ? e.converted(this.def.storage) : e;
  }

  /** The bytes to store for an object of this resource. */
  encode(obj: KubeObject): Buffer {
    if (this.def.storage) return encode(this.def.storage.toStorage(obj));
    const value = encode(obj);
    const labels = obj.metadata?.labels;
    hintWrite(value, { labels: labels ? { ...labels } : undefined, def: this.def, fields: objectFields(this.def, obj) });
    return value;
  }

  prefixFor(namespace?: string): string {
    return this.def.namespaced && namespace ? `${this.collectionPrefix}${namespace}/` : this.collectionPrefix;
  }

  keyFor(namespace: string, name: string): string {
    return this.def.namespaced ? `${this.collectionPrefix}${namespace}/${name}` : `${this.collectionPrefix}${name}`;
  }

  strategyContext(namespace: string, opts: WriteOptions): StrategyContext {
    return { namespace, subresource: opts.subresource ?? '', dryRun: !!opts.dryRun };
  }

  /** The current entry, after catching up with every acknowledged write. */
  async getEntry(namespace: string, name: string): Promise<Entry> {
    await this.ctx.cache.sync();
    const e = this.ctx.cache.get(this.keyFor(namespace, name));
    if (!e) throw notFound(gr(this.def), name);
    return this.present(e);
  }

  async get(namespace: string, name: string): Promise<KubeObject> {
    return (await this.getEntry(namespace, name)).object();
  }

  private invalid(obj: KubeObject, errs: FieldError[]): StatusError {
    return invalid(this.def.group, this.def.kind, obj.metadata?.name ?? '', errs);
  }

  private validateCreate(obj: KubeObject, sctx: StrategyContext): void {
    const s = this.def.strategy;
    const errs = s.validate ? s.validate(obj, sctx) : validateGenericMeta(this.def, obj);
    if (errs.length) throw this.invalid(obj, errs);
  }

  private validateUpdate(obj: KubeObject, old: KubeObject, sctx: StrategyContext): void {
    const s = this.def.strategy;
    let errs: FieldError[];
    if (sctx.subresource === 'status' && s.validateStatusUpdate) errs = s.validateStatusUpdate(obj, old, sctx);
    else if (s.validateUpdate) errs = s.validateUpdate(obj, old, sctx);
    else errs = validateGenericMeta(this.def, obj);
    if (errs.length) throw this.invalid(obj, errs);
  }

  /** POST: creates a new object. */
  async create(namespace: string, body: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    const def = this.def;
    const obj = body;
    const now = this.ctx.now();
    if (def.namespaced) this.ctx.hooks.admitNamespace?.(namespace);
    const generated = !obj.metadata?.name && !!obj.metadata?.generateName;
    const meta = prepareCreateMeta(def, obj, namespace, now);
    const sctx = this.strategyContext(namespace, opts);
    def.strategy.defaults?.(obj);
    this.ctx.hooks.admitCreate?.(def, obj);
    if (def.subresources?.status && !def.keepStatusOnCreate) delete obj.status;
    def.strategy.prepareForCreate?.(obj, sctx);
    this.validateCreate(obj, sctx);
    const release = await this.ctx.hooks.reserve?.(def, obj, !!opts.dryRun);
    if (!opts.managedFieldsSet) this.ctx.hooks.trackManagedFields?.(def, undefined, obj, opts);
    if (opts.dryRun) return obj;
    // A generated name that is taken is generated again (upstream's RetryGenerateName, GA in 1.32).
    for (let attempt = 0; ; attempt++) {
      const key = this.keyFor(namespace, meta.name!);
      try {
        const rev = await this.ctx.backend.create(key, this.encode(obj));
        return await this.readBack(key, rev, obj);
      } catch (e) {
        if (e instanceof KeyExistsError && generated && attempt < 7) {
          meta.name = generateName(meta.generateName!);
          continue;
        }
        await release?.();
        if (e instanceof KeyExistsError) throw alreadyExists(gr(def), meta.name!);
        throw e;
      }
    }
  }

  /** After a write: wait until the cache has it and return the object as stored. */
  private async readBack(key: string, rev: number, obj: KubeObject): Promise<KubeObject> {
    await this.ctx.cache.waitFor(rev);
    const e = this.ctx.cache.get(key);
    if (e?.rev !== rev) return Entry.fromObject(key, rev, obj).object();
    // The object just written is what was stored: hand it back with its
    // resourceVersion instead of parsing the stored JSON again.
    (obj.metadata ??= {}).resourceVersion = String(rev);
    rememberJson(obj, this.present(e).json);
    return obj;
  }

  /**
   * Read-modify-write with optimistic concurrency, retried on conflicts unless
   * the mutation pins a resourceVersion (kube's GuaranteedUpdate).
   */
  async guaranteedUpdate(namespace: string, name: string, mutate: Mutation, opts: WriteOptions = {}): Promise<KubeObject> {
    const key = this.keyFor(namespace, name);
    for (let attempt = 0; ; attempt++) {
      const cur = await this.getEntry(namespace, name);
      const old = cur.object();
      const candidate = await mutate(cur.object());
      const pinned = candidate.metadata?.resourceVersion;
      if (pinned && pinned !== String(cur.rev)) throw conflict(gr(this.def), name, OPTIMISTIC_LOCK_MESSAGE);
      try {
        return await this.writeUpdate(key, namespace, name, candidate, old, cur.rev, opts);
      } catch (e) {
        if (e instanceof ConflictError && !pinned && attempt < 20) continue;
        if (e instanceof ConflictError) throw conflict(gr(this.def), name, OPTIMISTIC_LOCK_MESSAGE);
        if (e instanceof NotFoundError) throw notFound(gr(this.def), name);
        throw e;
      }
    }
  }

  private async writeUpdate(
    key: string,
    namespace: string,
    name: string,
    obj: KubeObject,
    old: KubeObject,
    rev: number,
    opts: WriteOptions,
  ): Promise<KubeObject> {
    const def = this.def;
    const sub = opts.subresource ?? '';
    const sctx = this.strategyContext(namespace, opts);
    prepareUpdateMeta(def, obj, old, name);
    def.strategy.defaults?.(obj);
    if (sub === 'status') {
      const status = obj.status;
      const meta = obj.metadata!;
      obj = { ...old, status, metadata: { ...old.metadata, labels: meta.labels, annotations: meta.annotations, managedFields: meta.managedFields } };
      if (status === undefined) delete obj.status;
      def.strategy.prepareForStatusUpdate?.(obj, old, sctx);
    } else if (sub === '' || sub === 'scale') {
      if (def.subresources?.status) {
        if (old.status === undefined) delete obj.status;
        else obj.status = old.status;
      }
      def.strategy.prepareForUpdate?.(obj, old, sctx);
      const changed = def.strategy.specChanged ? def.strategy.specChanged(obj, old) : !jsonEqual(specOf(obj), specOf(old));
      if (changed && obj.metadata!.generation !== undefined) obj.metadata!.generation = (old.metadata?.generation ?? 0) + 1;
    }
    if (sub !== 'binding') this.validateUpdate(obj, old, sctx);
    if (!opts.managedFieldsSet) this.ctx.hooks.trackManagedFields?.(def, old, obj, opts);
    obj.metadata!.resourceVersion = String(rev);
    if (sameObject(obj, old)) return old;
    if (opts.dryRun) return obj;
    delete obj.metadata!.resourceVersion;
    const m = obj.metadata!;
    if (m.deletionTimestamp && (m.finalizers ?? []).length === 0 && !m.deletionGracePeriodSeconds && !def.strategy.deletionPending?.(obj)) {
      const r = await this.ctx.backend.delete(key, rev);
      await this.ctx.cache.waitFor(r.revision);
      return Entry.fromObject(key, r.revision, obj).object();
    }
    const newRev = await this.ctx.backend.update(key, this.encode(obj), rev);
    return this.readBack(key, newRev, obj);
  }

  /** PUT: replaces an object (409 on a stale resourceVersion). */
  async update(namespace: string, name: string, body: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    return this.guaranteedUpdate(namespace, name, () => body, opts);
  }
}

/** The stored form: apiVersion, kind and metadata first (Entry.fromKv relies on it), no resourceVersion. */
export function encode(obj: KubeObject): Buffer {
  const { apiVersion, kind, metadata, ...rest } = obj;
  let meta = metadata ?? {};
  if (meta.resourceVersion !== undefined) {
    const { resourceVersion: _rv, ...m } = meta;
    meta = m;
  }
  return Buffer.from(JSON.stringify({ apiVersion, kind, metadata: meta, ...rest }));
}

export { timestamp };
