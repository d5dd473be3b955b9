// Key helpers shared by the backends. Keys are compared in UTF-8 byte order (etcd's
// order), which equals Unicode code-point order but NOT JavaScript's UTF-16 `<` order.

/** Compares two keys in UTF-8 byte order. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800-0xDFFF) encode code points above 0xFFFF, which sort after
    // every BMP code point in UTF-8, including 0xE000-0xFFFF.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * The first byte string after every key starting with `prefix` (etcd's "range end"),
 * or undefined when there is none (empty prefix or all 0xff bytes).
 */
export function prefixEnd(prefix: Buffer): Buffer | undefined {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  return undefined;
}

/**
 * The key a listing starts at: the later of `prefix` and `startKey` in byte order (a
 * `startKey` past every key under the prefix simply yields an empty page).
 */
export function listStart(prefix: string, startKey: string | undefined): string {
  if (!startKey) return prefix;
  return compareKeys(startKey, prefix) > 0 ? startKey : prefix;
}
