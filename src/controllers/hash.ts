// Revision and template hashes (upstream controller.ComputeHash and
// history.HashControllerRevision): FNV-32a over a canonical JSON form of the
// object (Go hashes its object dump; we hash JSON with sorted keys) and then
// the collision count as little-endian bytes, printed in decimal and spelled
// with rand.SafeEncodeString's alphabet (no vowels, no confusable digits), so
// the hash is a valid label value. Shared by Deployments, DaemonSets and
// StatefulSets.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * JSON with object keys sorted and undefined members left out. With
 * `dropEmpty`, null, {} and [] are left out too (undefined at the top), so
 * templates that differ only in empty fields hash the same.
 */
export function canonicalJson(v: unknown, dropEmpty = false): string | undefined {
  if (v === undefined || (dropEmpty && v === null)) return dropEmpty ? undefined : 'null';
  if (Array.isArray(v)) {
    if (dropEmpty && v.length === 0) return undefined;
    return `[${v.map((x) => canonicalJson(x, dropEmpty) ?? 'null').join(',')}]`;
  }
  if (v && typeof v === 'object') {
    const parts: string[] = [];
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      const s = canonicalJson(x, dropEmpty);
      if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
    }
    return dropEmpty && parts.length === 0 ? undefined : `{${parts.join(',')}}`;
  }
  return JSON.stringify(v);
}

export function fnv32a(bytes: Uint8Array, seed = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (const b of bytes) h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
  return h >>> 0;
}

/** rand.SafeEncodeString: every character mapped into the safe alphabet. */
export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

export interface HashOptions {
  /** canonicalJson's dropEmpty. */
  dropEmpty?: boolean;
  /** Bytes the collision count takes (ComputeHash writes 8, HashControllerRevision 4). */
  countBytes?: 4 | 8;
}

export function computeHash(data: unknown, collisionCount?: number | null, o: HashOptions = {}): string {
  let h = fnv32a(Buffer.from(canonicalJson(data, o.dropEmpty) ?? '', 'utf8'));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = Buffer.alloc(o.countBytes ?? 4);
    b.writeUInt32LE(collisionCount >>> 0, 0);
    h = fnv32a(b, h);
  }
  return safeEncode(String(h));
}
