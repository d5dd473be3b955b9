// In-place sorts for the short arrays of the create path (an object's keys, a
// list's items). Array.prototype.sort copies its elements into a work array
// on every call; on a pod's ~100 maps and lists per create that was ~12 KB of
// garbage per request. Up to SMALL elements these sort in place by insertion
// (stable, like Array.prototype.sort); longer arrays use the built-in sort.

const SMALL = 24;

/** Sorts strings by UTF-16 code units (the default sort order), in place; returns `a`. */
export function sortStrings(a: string[]): string[] {
  if (a.length > SMALL) return a.sort();
  for (let i = 1; i < a.length; i++) {
    const x = a[i]!;
    let j = i - 1;
    if (!(a[j]! > x)) continue;
    while (j >= 0 && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
  return a;
}

/** Sorts by `compare` in place, stably; returns `a`. */
export function sortBy<T>(a: T[], compare: (x: T, y: T) => number): T[] {
  if (a.length > SMALL) return a.sort(compare);
  for (let i = 1; i < a.length; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && compare(a[j]!, x) > 0) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
  return a;
}
