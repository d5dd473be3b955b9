// RFC 6902 JSON Patch (`application/json-patch+json`), following the
// behaviour of gopkg.in/evanphx/json-patch.v4 that kube-apiserver uses:
//  - the root pointer "" is never a valid target ("doc is missing path");
//  - `replace` of a missing object member adds it (v4 leniency kubectl users
//    rely on); `replace` of an out-of-range array index fails;
//  - negative array indices count from the end for `add` and `remove`;
//  - `test` of a missing member passes only when the expected value is null;
//  - an `add`/`replace` without `value` writes null.
// The input document and patch are never mutated.
import { ERR_BAD_JSON_PATCH, MAX_JSON_PATCH_OPERATIONS, PatchError } from './errors.js';
import { findParent, parseIndex, type Container } from './json-pointer.js';
import { cloneJson, goTypeName, isObject, jsonEqual, type JsonObject } from './json-value.js';

export type JsonPatchOperation = JsonObject;

const invalid = (msg: string): PatchError => new PatchError('invalid', msg);
const MISSING = ': missing value';
const badIndex = (idx: number): string => `Unable to access invalid index: ${idx}: invalid index referenced`;

/** Validates the shape of a decoded JSON patch body (a list of operation objects). */
export function decodeJsonPatch(body: unknown): JsonPatchOperation[] {
  if (body === null || body === undefined) throw new PatchError('malformed', ERR_BAD_JSON_PATCH);
  if (!Array.isArray(body)) {
    throw new PatchError('malformed', `json: cannot unmarshal ${jsonKind(body)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of body) {
    if (!isObject(op)) {
      throw new PatchError('malformed', `json: cannot unmarshal ${jsonKind(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  if (body.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new PatchError(
      'too-large',
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${body.length}`,
    );
  }
  return body as JsonPatchOperation[];
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (isObject(v)) return 'object';
  return typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : 'null';
}

/** Applies a JSON patch to a document and returns the patched copy. */
export function applyJsonPatch(doc: unknown, patchBody: unknown): unknown {
  const ops = decodeJsonPatch(patchBody);
  if (!isObject(doc) && !Array.isArray(doc)) {
    throw invalid(`cannot apply a JSON patch to a ${goTypeName(doc)} document`);
  }
  const out = cloneJson(doc) as Container;
  for (const op of ops) applyOperation(out, op);
  return out;
}

function stringField(op: JsonPatchOperation, field: 'path' | 'from', kind: string): string {
  const v = op[field];
  if (typeof v !== 'string') throw invalid(`${kind} operation failed to decode ${field}${MISSING}`);
  return v;
}

function value(op: JsonPatchOperation): unknown {
  return op.value === undefined ? null : cloneJson(op.value);
}

function applyOperation(doc: Container, op: JsonPatchOperation): void {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  switch (kind) {
    case 'add':
      return opAdd(doc, op);
    case 'remove':
      return opRemove(doc, op);
    case 'replace':
      return opReplace(doc, op);
    case 'move':
      return opMove(doc, op);
    case 'copy':
      return opCopy(doc, op);
    case 'test':
      return opTest(doc, op);
    default:
      throw invalid(`Unexpected kind: ${kind}`);
  }
}

/** Inserts into a container; returns an error message or undefined. */
function insert(c: Container, key: string, val: unknown): string | undefined {
  if (!Array.isArray(c)) {
    c[key] = val;
    return undefined;
  }
  if (key === '-') {
    c.push(val);
    return undefined;
  }
  let idx = parseIndex(key);
  if (idx === undefined) return `value was not a proper array index: '${key}'`;
  const size = c.length + 1;
  if (idx >= size || idx < -size) return badIndex(idx);
  if (idx < 0) idx += size;
  c.splice(idx, 0, val);
  return undefined;
}

/** Removes from a container; returns an error message or undefined. */
function removeAt(c: Container, key: string): string | undefined {
  if (!Array.isArray(c)) {
    if (!Object.prototype.hasOwnProperty.call(c, key)) return `Unable to remove nonexistent key: ${key}${MISSING}`;
    delete c[key];
    return undefined;
  }
  let idx = parseIndex(key);
  if (idx === undefined) return `value was not a proper array index: '${key}'`;
  if (idx >= c.length || idx < -c.length) return badIndex(idx);
  if (idx < 0) idx += c.length;
  c.splice(idx, 1);
  return undefined;
}

type Got = { found: true; value: unknown } | { found: false; error?: string };

function getAt(c: Container, key: string): Got {
  if (!Array.isArray(c)) {
    return Object.prototype.hasOwnProperty.call(c, key) ? { found: true, value: c[key] } : { found: false };
  }
  const idx = parseIndex(key);
  if (idx === undefined) return { found: false, error: `value was not a proper array index: '${key}'` };
  if (idx < 0 || idx >= c.length) return { found: false, error: badIndex(idx) };
  return { found: true, value: c[idx] };
}

function opAdd(doc: Container, op: JsonPatchOperation): void {
  const path = stringField(op, 'path', 'add');
  const loc = findParent(doc, path);
  if (!loc) throw invalid(`add operation does not apply: doc is missing path: "${path}"${MISSING}`);
  const err = insert(loc.container, loc.key, value(op));
  if (err) throw invalid(`error in add for path: '${path}': ${err}`);
}

function opRemove(doc: Container, op: JsonPatchOperation): void {
  const path = stringField(op, 'path', 'remove');
  const loc = findParent(doc, path);
  if (!loc) throw invalid(`remove operation does not apply: doc is missing path: "${path}"${MISSING}`);
  const err = removeAt(loc.container, loc.key);
  if (err) throw invalid(`error in remove for path: '${path}': ${err}`);
}

function opReplace(doc: Container, op: JsonPatchOperation): void {
  const path = stringField(op, 'path', 'replace');
  const loc = findParent(doc, path);
  if (!loc) throw invalid(`replace operation does not apply: doc is missing path: ${path}${MISSING}`);
  const c = loc.container;
  if (Array.isArray(c)) {
    const got = getAt(c, loc.key);
    if (!got.found) throw invalid(`replace operation does not apply: doc is missing key: ${path}${MISSING}`);
    c[parseIndex(loc.key)!] = value(op);
  } else {
    c[loc.key] = value(op);
  }
}

function opMove(doc: Container, op: JsonPatchOperation): void {
  const from = stringField(op, 'from', 'move');
  const src = findParent(doc, from);
  if (!src) throw invalid(`move operation does not apply: doc is missing from path: ${from}${MISSING}`);
  const got = getAt(src.container, src.key);
  if (got.found === false && got.error) throw invalid(`error in move for path: '${src.key}': ${got.error}`);
  const removeErr = removeAt(src.container, src.key);
  if (removeErr) throw invalid(`error in move for path: '${src.key}': ${removeErr}`);
  const path = stringField(op, 'path', 'move');
  const dst = findParent(doc, path);
  if (!dst) throw invalid(`move operation does not apply: doc is missing destination path: ${path}${MISSING}`);
  const err = insert(dst.container, dst.key, got.found ? got.value : null);
  if (err) throw invalid(`error in move for path: '${path}': ${err}`);
}

function opCopy(doc: Container, op: JsonPatchOperation): void {
  const from = stringField(op, 'from', 'copy');
  const src = findParent(doc, from);
  if (!src) throw invalid(`copy operation does not apply: doc is missing from path: ${from}${MISSING}`);
  const got = getAt(src.container, src.key);
  if (!got.found) {
    throw invalid(`error in copy for from: '${from}': ${got.error ?? `unable to get nonexistent key: ${src.key}${MISSING}`}`);
  }
  const path = stringField(op, 'path', 'copy');
  const dst = findParent(doc, path);
  if (!dst) throw invalid(`copy operation does not apply: doc is missing destination path: ${path}${MISSING}`);
  const err = insert(dst.container, dst.key, cloneJson(got.value));
  if (err) throw invalid(`error while adding value during copy: ${err}`);
}

function opTest(doc: Container, op: JsonPatchOperation): void {
  const path = stringField(op, 'path', 'test');
  const loc = findParent(doc, path);
  if (!loc) throw invalid(`test operation does not apply: is missing path: ${path}${MISSING}`);
  const got = getAt(loc.container, loc.key);
  if (got.found === false && got.error) throw invalid(`error in test for path: '${path}': ${got.error}`);
  const actual = got.found ? got.value : null;
  const expected = op.value === undefined ? null : op.value;
  if (actual === null ? expected === null : jsonEqual(actual, expected)) return;
  throw invalid(`testing value ${path} failed: test failed`);
}
