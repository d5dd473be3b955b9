// The ranges Services are allocated from: cluster IPs from the service CIDR
// (the network and broadcast addresses excluded; the first address belongs to
// the `kubernetes` Service) and node ports from 30000–32767.
import { cidrContains, formatIPv4, parseCidr, parseIPv4, type Cidr } from '../../network/cidr.js';

export { DEFAULT_SERVICE_CIDR } from '../../network/cidr.js';
export const DEFAULT_NODE_PORT_RANGE: [number, number] = [30000, 32767];
export const IP_KEY_PREFIX = '/registry/ranges/serviceips/';
export const PORT_KEY_PREFIX = '/registry/ranges/servicenodeports/';

export class ServiceIpRange {
  readonly cidr: Cidr;
  readonly size: number;

  constructor(readonly text: string) {
    this.cidr = parseCidr(text);
    this.size = 2 ** (32 - this.cidr.prefix);
  }

  contains(ip: string): boolean {
    try {
      const n = parseIPv4(ip);
      return cidrContains(this.cidr, n) && n !== this.cidr.base && n !== this.cidr.base + this.size - 1;
    } catch {
      return false;
    }
  }

  /** The n-th usable address (1-based: 1 is the `kubernetes` Service's). */
  nth(n: number): string {
    return formatIPv4(this.cidr.base + n);
  }

  /** Usable addresses, excluding the network and broadcast addresses. */
  get usable(): number {
    return Math.max(0, this.size - 2);
  }
}

export function ipKey(ip: string): string {
  return IP_KEY_PREFIX + ip;
}

export function portKey(port: number): string {
  return PORT_KEY_PREFIX + port;
}
