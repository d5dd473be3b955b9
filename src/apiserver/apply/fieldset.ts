// A set of field paths (structured-merge-diff's fieldpath.Set): a tree whose
// nodes hold `members` (paths that end here) and `children` (deeper paths),
// plus its FieldsV1 JSON encoding as stored in metadata.managedFields.
// A set is only changed while it is built (insert, descend, fromFieldsV1);
// the operations return new sets that share unchanged subtrees with their
// inputs, and decoding and encoding are cached, since every write decodes
// and re-encodes every manager's set.
import {
  type FieldPath,
  type PathElement,
  UnknownPathElementTypeError,
  canonicalPE,
  comparePE,
} from './path-element.js';

export class InvalidFieldsV1Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidFieldsV1Error';
  }
}

export class FieldSet {
  readonly members = new Set<PathElement>();
  readonly children = new Map<PathElement, FieldSet>();

  static of(...paths: FieldPath[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: FieldPath): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) node = node.descend(path[i]!);
    node.members.add(path[path.length - 1]!);
  }

  /** The child node for `pe`, created if missing. */
  descend(pe: PathElement): FieldSet {
    let child = this.children.get(pe);
    if (!child) {
      child = new FieldSet();
      this.children.set(pe, child);
    }
    return child;
  }

  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    let node: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && node; i++) node = node.children.get(path[i]!);
    return node !== undefined && node.members.has(path[path.length - 1]!);
  }

  /** The subtree under one element (upstream `WithPrefix`), empty if none. */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(pe) ?? new FieldSet();
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  size(): number {
    let n = this.members.size;
    for (const c of this.children.values()) n += c.size();
    return n;
  }

  clone(): FieldSet {
    return this.union(new FieldSet());
  }

  union(other: FieldSet): FieldSet {
    if (other === this || other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const m of other.members) out.members.add(m);
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      const merged = o ? c.union(o) : c;
      if (!merged.isEmpty()) out.children.set(pe, merged);
    }
    for (const [pe, o] of other.children) {
      if (!this.children.has(pe) && !o.isEmpty()) out.children.set(pe, o);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      if (!o) continue;
      const i = c.intersection(o);
      if (!i.isEmpty()) out.children.set(pe, i);
    }
    return out;
  }

  /** Paths in this set that are not in `other` (path by path, like upstream `Difference`). */
  difference(other: FieldSet): FieldSet {
    if (!this.overlaps(other, false)) return this;
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      const d = o ? c.difference(o) : c;
      if (!d.isEmpty()) out.children.set(pe, d);
    }
    return out;
  }

  /** Like difference, but also drops everything below a path that `other` contains. */
  recursiveDifference(other: FieldSet): FieldSet {
    if (!this.overlaps(other, true)) return this;
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      if (other.members.has(pe)) continue;
      const o = other.children.get(pe);
      const d = o ? c.recursiveDifference(o) : c;
      if (!d.isEmpty()) out.children.set(pe, d);
    }
    return out;
  }

  /**
   * Whether subtracting `other` could change this set: they share a member,
   * a child path, or (recursively) a child of this set under a member of `other`.
   */
  private overlaps(other: FieldSet, recursive: boolean): boolean {
    if (other.members.size === 0 && other.children.size === 0) return false;
    for (const m of other.members) if (this.members.has(m) || (recursive && this.children.has(m))) return true;
    for (const pe of other.children.keys()) if (this.children.has(pe)) return true;
    return false;
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  /** Every member path, in upstream iteration order (members, then children, each sorted). */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    const walk = (node: FieldSet, prefix: PathElement[]): void => {
      for (const m of [...node.members].sort(comparePE)) out.push([...prefix, m]);
      for (const pe of [...node.children.keys()].sort(comparePE)) walk(node.children.get(pe)!, [...prefix, pe]);
    };
    walk(this, []);
    return out;
  }

  /** FieldsV1 JSON: `{"f:metadata":{"f:labels":{"f:app":{}}}}`, `"."` marking a node that is itself a member. */
  toFieldsV1(): Record<string, unknown> {
    let out = encoded.get(this);
    if (!out) {
      out = deepFreeze(this.emit(false));
      encoded.set(this, out);
    }
    return out;
  }

  private emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = new Set<PathElement>([...this.members, ...this.children.keys()]);
    for (const pe of [...keys].sort(comparePE)) {
      const child = this.children.get(pe);
      if (child && !child.isEmpty()) out[pe] = child.emit(this.members.has(pe));
      else out[pe] = {};
    }
    // Upstream writes "." after the children.
    if (includeSelf && Object.keys(out).length > 0) out['.'] = {};
    return out;
  }

  static fromFieldsV1(json: unknown): FieldSet {
    const root = new FieldSet();
    readNode(json, root);
    return root;
  }

  /** fromFieldsV1, cached by the JSON text (many objects carry the same sets: one template, one controller). */
  static fromFieldsV1Cached(json: unknown): FieldSet {
    const key = JSON.stringify(json);
    if (key === undefined) return FieldSet.fromFieldsV1(json);
    let set = decoded.get(key);
    if (!set) {
      set = FieldSet.fromFieldsV1(json);
      if (decoded.size >= MAX_DECODED) decoded.clear();
      decoded.set(key, set);
    }
    return set;
  }
}

/** Encodings handed out, frozen: they end up in many objects' managedFields. */
const encoded = new WeakMap<FieldSet, Record<string, unknown>>();
const decoded = new Map<string, FieldSet>();
const MAX_DECODED = 5000;

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v !== null && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}

/** Reads one JSON node's entries into `into`; returns whether the node is itself a member. */
function readNode(json: unknown, into: FieldSet): boolean {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidFieldsV1Error('FieldsV1 nodes must be JSON objects');
  }
  let isMember = false;
  let hasEntries = false;
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    let pe: PathElement;
    try {
      pe = canonicalPE(key);
    } catch (err) {
      if (err instanceof UnknownPathElementTypeError) continue;
      throw new InvalidFieldsV1Error(`parsing key as path element: ${(err as Error).message}`);
    }
    hasEntries = true;
    const child = new FieldSet();
    const childIsMember = readNode(value, child);
    if (childIsMember) into.members.add(pe);
    if (!child.isEmpty()) into.children.set(pe, into.withPrefix(pe).union(child));
  }
  return isMember || !hasEntries;
}
