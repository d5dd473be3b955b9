// One cached object: its serialized JSON (resourceVersion filled in) and the
// few fields selectors need, parsed once when the datastore event arrives.
import type { KeyValue } from '../../datastore/backend.js';
import type { KubeObject } from '../types.js';

export class Entry {
  private constructor(
    readonly key: string,
    /** The datastore modRevision: the object's resourceVersion. */
    readonly rev: number,
    /** JSON of the object with metadata.resourceVersion set. */
    readonly json: string,
    readonly labels: Record<string, string> | undefined,
  ) {}

  static fromKv(kv: KeyValue): Entry {
    const obj = JSON.parse(kv.value.toString('utf8')) as KubeObject;
    return Entry.fromObject(kv.key, kv.modRevision, obj);
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

  private views?: WeakMap<object, Entry>;

  /** This entry as seen through a conversion (cached per converter). */
  converted(conv: { fromStorage(obj: KubeObject): KubeObject }): Entry {
    this.views ??= new WeakMap();
    let v = this.views.get(conv);
    if (!v) {
      const obj = conv.fromStorage(this.object());
      v = Entry.fromObject(this.key, this.rev, obj);
      this.views.set(conv, v);
    }
    return v;
  }

  /** The same object reported at another revision (a DELETED event carries the delete's revision). */
  withRevision(rev: number): Entry {
    return Entry.fromObject(this.key, rev, this.object());
  }
}
