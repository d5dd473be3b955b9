// Image garbage collection (kubelet's image GC manager): every few minutes,
// when the image file system is fuller than the high threshold (85%), remove
// images no container uses, least recently used first, until usage is back
// under the low threshold (80%). Pinned images (imports, k3s's air-gap
// convention) and images first seen less than two minutes ago (about to be
// used) are never removed.
import { statfs } from 'node:fs/promises';
import type { ImageService, RuntimeService } from '../cri/types.js';

export interface DiskUsage {
  capacityBytes: number;
  usedBytes: number;
}

export interface ImageGcOptions {
  runtime: Pick<RuntimeService, 'listContainers'>;
  images: Pick<ImageService, 'listImages' | 'removeImage'>;
  /** The image file system (its data dir). */
  path: string;
  highThresholdPercent?: number;
  lowThresholdPercent?: number;
  minAgeMs?: number;
  /** How often to check (default 5 min, as kubelet). */
  periodMs?: number;
  usage?: (path: string) => Promise<DiskUsage>;
  now?: () => number;
  log?: (line: string) => void;
}

export async function diskUsage(path: string): Promise<DiskUsage> {
  const s = await statfs(path);
  return { capacityBytes: s.blocks * s.bsize, usedBytes: (s.blocks - s.bfree) * s.bsize };
}

export class ImageGc {
  private readonly firstSeen = new Map<string, number>();
  private readonly lastUsed = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly o: ImageGcOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.run().catch((e: unknown) => this.o.log?.(`image gc: ${String(e)}`)), this.o.periodMs ?? 300_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Checks usage and removes images if needed; returns the removed image ids. */
  async run(): Promise<string[]> {
    const now = (this.o.now ?? Date.now)();
    const images = await this.o.images.listImages();
    const inUse = new Set((await this.o.runtime.listContainers()).map((c) => c.imageRef));
    for (const img of images) {
      if (!this.firstSeen.has(img.id)) this.firstSeen.set(img.id, now);
      if (inUse.has(img.id)) this.lastUsed.set(img.id, now);
    }
    for (const id of this.firstSeen.keys()) if (!images.some((i) => i.id === id)) (this.firstSeen.delete(id), this.lastUsed.delete(id));
    const usage = await (this.o.usage ?? diskUsage)(this.o.path);
    const high = this.o.highThresholdPercent ?? 85;
    const low = this.o.lowThresholdPercent ?? 80;
    if (usage.capacityBytes <= 0 || (usage.usedBytes / usage.capacityBytes) * 100 < high) return [];
    let toFree = usage.usedBytes - (usage.capacityBytes * low) / 100;
    const minAge = this.o.minAgeMs ?? 120_000;
    const candidates = images
      .filter((i) => !i.pinned && !inUse.has(i.id) && now - (this.firstSeen.get(i.id) ?? now) >= minAge)
      .sort((a, b) => (this.lastUsed.get(a.id) ?? 0) - (this.lastUsed.get(b.id) ?? 0));
    const removed: string[] = [];
    for (const img of candidates) {
      if (toFree <= 0) break;
      await this.o.images.removeImage({ image: img.id });
      removed.push(img.id);
      toFree -= img.size;
    }
    if (removed.length) this.o.log?.(`image gc: disk ${((usage.usedBytes / usage.capacityBytes) * 100).toFixed(0)}% ≥ ${high}%: removed ${removed.join(', ')}`);
    return removed;
  }
}
