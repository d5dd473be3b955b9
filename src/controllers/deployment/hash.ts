// The pod-template-hash (upstream controller.ComputeHash): a 32-bit FNV-1a
// hash of the pod template plus the collision count, printed in decimal and
// re-spelled with apimachinery's SafeEncodeString alphabet (no vowels, no
// confusable characters). Go hashes its struct dump; we hash a canonical JSON
// form (sorted keys, empty values dropped), so equal templates hash equally.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** JSON with sorted object keys; null, undefined, {} and [] are left out. */
export function canonicalJson(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    return `[${v.map((x) => canonicalJson(x) ?? 'null').join(',')}]`;
  }
  if (typeof v === 'object') {
    const parts: string[] = [];
    for (const k of Object.keys(v as object).sort()) {
      const s = canonicalJson((v as Record<string, unknown>)[k]);
      if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
    }
    return parts.length ? `{${parts.join(',')}}` : undefined;
  }
  return JSON.stringify(v);
}

export function fnv32a(bytes: Uint8Array, seed = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: every character mapped into the safe alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += SAFE_ALPHABET[b % SAFE_ALPHABET.length];
  return out;
}

/** controller.ComputeHash(template, collisionCount). */
export function computeHash(template: unknown, collisionCount?: number): string {
  const bytes: number[] = [...Buffer.from(canonicalJson(template) ?? '', 'utf8')];
  if (collisionCount !== undefined && collisionCount !== null) {
    const cc = Buffer.alloc(8);
    cc.writeUInt32LE(collisionCount >>> 0, 0);
    bytes.push(...cc);
  }
  return safeEncodeString(String(fnv32a(Uint8Array.from(bytes))));
}
