// One cached object: its serialized JSON (resourceVersion filled in), with
// labels parsed on first use. Values written by the store start with
// apiVersion, kind and metadata, so the resourceVersion is spliced into the
// stored text without parsing it.
import type { KeyValue } from '../../datastore/backend.js';
import type { KubeObject } from '../types.js';

const STORED_PREFIX = /^\{"apiVersion":"[^"\\]*","kind":"[^"\\]*","metadata":\{/;

/** Serialized JSON of objects handed out by entries, so responses need not stringify them again. */
const serialized = new WeakMap<object, string>();

/** Remembers that `obj` serializes as `json` (the stored entry of the same revision). */
export function rememberJson(obj: object, json: string): void {
  serialized.set(obj, json);
}

/** What a write already knows of the value it stores, for the cache entry made from it. */
export interface WriteHint {
  labels: Record<string, string> | undefined;
  /** The field-selector view of the object for `def` (see list.ts objectFields). */
  def: object;
  fields: Record<string, string>;
}

/** Hints by the stored value's Buffer: the SQLite and memory backends hand that same Buffer back in the watch event. */
const writeHints = new WeakMap<Buffer, WriteHint>();

/** Records what the object stored as `value` is known to be, so its cache entry need not parse it for selectors. */
export function hintWrite(value: Buffer, hint: WriteHint): void {
  writeHints.set(value, hint);
}

/** The JSON an object was read back as after a write (see `Entry.freshObject`). */
export function cachedJson(obj: object): string | undefined {
  return serialized.get(obj);
}

export class Entry {
  private labelsCache: Record<string, string> | undefined | null;
  private fieldsView?: { def: object; fields: Record<string, string> };
  private views?: WeakMap<object, Entry>;

  private constructor(
    readonly key: string,
    /** The datastore modRevision: the object's resourceVersion. */
    readonly rev: number,
    /** JSON of the object with metadata.resourceVersion set. */
    readonly json: string,
    labels: Record<string, string> | undefined | null,
  ) {
    this.labelsCache = labels;
  }

  /** metadata.labels (parsed on first use). */
  get labels(): Record<string, string> | undefined {
    if (this.labelsCache === null) this.labelsCache = this.object().metadata?.labels;
    return this.labelsCache;
  }

  /** The field-selector view for `def`, computed from the object once per entry (not once per watcher). */
  fields(def: object, compute: (obj: KubeObject) => Record<string, string>): Record<string, string> {
    if (this.fieldsView?.def !== def) this.fieldsView = { def, fields: compute(this.object()) };
    return this.fieldsView.fields;
  }

  static fromKv(kv: KeyValue): Entry {
    const text = kv.value.toString('utf8');
    const m = STORED_PREFIX.exec(text);
    if (m) {
      const at = m[0].length;
      const rv = `"resourceVersion":"${kv.modRevision}"`;
      const json = text.slice(0, at) + rv + (text[at] === '}' ? '' : ',') + text.slice(at);
      const hint = writeHints.get(kv.value);
      const e = new Entry(kv.key, kv.modRevision, json, hint ? hint.labels : null);
      if (hint) e.fieldsView = { def: hint.def, fields: hint.fields };
      return e;
    }
    return Entry.fromObject(kv.key, kv.modRevision, JSON.parse(text) as KubeObject);
  }

  static fromObject(key: string, rev: number, obj: KubeObject): Entry {
    obj.metadata ??= {};
    obj.metadata.resourceVersion = String(rev);
    return new Entry(key, rev, JSON.stringify(obj), obj.metadata.labels);
  }

  /** A fresh, mutable copy of the object. */
  object(): KubeObject {
    return JSON.parse(this.json) as KubeObject;
  }

  /** A copy whose JSON is remembered for the response; only for objects sent back unchanged. */
  freshObject(): KubeObject {
    const obj = this.object();
    serialized.set(obj, this.json);
    return obj;
  }

  /** This entry as seen through a conversion (cached per converter). */
  converted(conv: { fromStorage(obj: KubeObject): KubeObject }): Entry {
    this.views ??= new WeakMap();
    let v = this.views.get(conv);
    if (!v) {
      v = Entry.fromObject(this.key, this.rev, conv.fromStorage(this.object()));
      this.views.set(conv, v);
    }
    return v;
  }

  /** The same object reported at another revision (a DELETED event carries the delete's revision). */
  withRevision(rev: number): Entry {
    return Entry.fromObject(this.key, rev, this.object());
  }
}
