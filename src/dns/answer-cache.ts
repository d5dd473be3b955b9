// Encoded answers of the cluster zone, keyed by lowercase name, type and
// EDNS presence. Each entry remembers the index generation of the key it
// depends on; a changed service/namespace/address makes its entries stale.
// Bounded: the oldest entries go first.
import type { Encoded } from './encode.js';

interface Entry {
  encoded: Encoded;
  dep: string;
  gen: number;
}

export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly generation: (dep: string) => number,
    private readonly maxEntries = 20_000,
  ) {}

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e && e.gen === this.generation(e.dep)) {
      this.hits++;
      return e;
    }
    if (e) this.entries.delete(key);
    this.misses++;
    return undefined;
  }

  set(key: string, encoded: Encoded, dep: string): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { encoded, dep, gen: this.generation(dep) });
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
