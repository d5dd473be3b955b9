// Pod IPs for one simulated node: addresses .2 to .254 of its /24, lowest free first.
import { formatIPv4, parseCidr } from '../network/cidr.js';

export class IpPoolExhaustedError extends Error {
  constructor(cidr: string) {
    super(`no free pod IP left in ${cidr}`);
    this.name = 'IpPoolExhaustedError';
  }
}

export class IpPool {
  private readonly byOwner = new Map<string, string>();
  private readonly used = new Set<string>();
  private readonly base: number;
  private readonly size: number;

  constructor(private readonly cidr: string) {
    const c = parseCidr(cidr);
    this.base = c.base;
    this.size = 2 ** (32 - c.prefix);
  }

  /** The owner's address (allocating one the first time). */
  get(owner: string): string {
    const have = this.byOwner.get(owner);
    if (have) return have;
    for (let i = 2; i < this.size - 1; i++) {
      const ip = formatIPv4(this.base + i);
      if (!this.used.has(ip)) return this.take(owner, ip);
    }
    throw new IpPoolExhaustedError(this.cidr);
  }

  /** Records an address already handed out (e.g. seen in a pod status after a restart). */
  take(owner: string, ip: string): string {
    this.byOwner.set(owner, ip);
    this.used.add(ip);
    return ip;
  }

  release(owner: string): void {
    const ip = this.byOwner.get(owner);
    if (!ip) return;
    this.byOwner.delete(owner);
    this.used.delete(ip);
  }
}
