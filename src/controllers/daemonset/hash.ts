// DaemonSet revision hashes: upstream controller.ComputeHash over the pod
// template (see ../hash.ts).
import { canonicalJson as canonical, computeHash as hash } from '../hash.js';

export { fnv32a, safeEncode } from '../hash.js';

/** JSON with object keys sorted, like Go's encoding of map[string]interface{}. */
export function canonicalJson(v: unknown): string {
  return canonical(v) ?? 'null';
}

export function computeHash(template: unknown, collisionCount?: number): string {
  return hash(template ?? {}, collisionCount);
}
