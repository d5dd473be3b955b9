// The pod-template-hash (upstream controller.ComputeHash): a 32-bit FNV-1a
// hash of the pod template plus the collision count, printed in decimal and
// re-spelled with apimachinery's SafeEncodeString alphabet (no vowels, no
// confusable characters). Go hashes its struct dump; we hash a canonical JSON
// form (sorted keys, empty values dropped), so equal templates hash equally.
import { canonicalJson as canonical, computeHash as hash, safeEncode } from '../hash.js';

export { fnv32a } from '../hash.js';

/** JSON with sorted object keys; null, undefined, {} and [] are left out. */
export function canonicalJson(v: unknown): string | undefined {
  return canonical(v, true);
}

/** rand.SafeEncodeString: every character mapped into the safe alphabet. */
export const safeEncodeString = safeEncode;

/** controller.ComputeHash(template, collisionCount): the count as 8 bytes, as upstream. */
export function computeHash(template: unknown, collisionCount?: number): string {
  return hash(template, collisionCount, { dropEmpty: true, countBytes: 8 });
}
