// The container spec hash kubelet records on a container (kubecontainer.HashContainer):
// a changed hash means the spec changed and the container is restarted.
import { createHash } from 'node:crypto';
import type { V1Container } from './types.js';

function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = stable((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function hashContainer(c: V1Container): string {
  // Resources can change in place upstream; they are left out of the hash.
  const { resources: _r, ...rest } = c;
  return createHash('sha256').update(JSON.stringify(stable(rest))).digest('hex').slice(0, 8);
}
