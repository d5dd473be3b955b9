// A schema-less approximation of strategic merge patch for the fake client:
// lists of objects merge by a well-known key (name, type, containerPort, ip…);
// `null` deletes; other values replace.

const MERGE_KEYS = ['name', 'type', 'containerPort', 'port', 'ip', 'key', 'mountPath', 'devicePath', 'topologyKey', 'uid'];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function mergeKeyOf(items: unknown[]): string | undefined {
  if (items.length === 0 || !items.every(isObject)) return undefined;
  return MERGE_KEYS.find((k) => items.every((i) => (i as Record<string, unknown>)[k] !== undefined));
}

function mergeList(orig: unknown, patch: unknown[]): unknown[] {
  const key = mergeKeyOf(patch);
  if (!key || !Array.isArray(orig) || !orig.every(isObject)) return patch;
  const out = orig.map((o) => ({ ...(o as Record<string, unknown>) }));
  for (const p of patch as Record<string, unknown>[]) {
    const i = out.findIndex((o) => o[key] === p[key]);
    if (p.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) out[i] = strategicMerge(out[i], p) as Record<string, unknown>;
    else out.push(strategicMerge({}, p) as Record<string, unknown>);
  }
  return out;
}

export function strategicMerge(orig: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(orig) ? { ...orig } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = mergeList(out[k], v);
    else if (isObject(v)) out[k] = strategicMerge(out[k], v);
    else out[k] = v;
  }
  return out;
}
