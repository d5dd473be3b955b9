// Helpers for this directory's tests that touch the real host: a /24 no route
// or address on the host overlaps, and a free loopback TCP port.
import { createServer } from 'node:net';
import { run } from './exec.js';
import { cidrsOverlap, parseCidr } from './cidr.js';

/** A random 10.244.<n>.0/24 that overlaps no route of the host's main table and no local address. */
export async function unusedTestSubnet(): Promise<string> {
  const routes = JSON.parse(await run('ip', ['-j', 'route', 'show', 'table', 'all'])) as { dst: string }[];
  const addrs = JSON.parse(await run('ip', ['-j', 'addr'])) as { addr_info?: { family: string; local: string; prefixlen: number }[] }[];
  const taken = [
    ...routes.map((r) => r.dst).filter((d) => /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(d) && d !== '0.0.0.0/0'),
    ...addrs.flatMap((a) => (a.addr_info ?? []).filter((i) => i.family === 'inet').map((i) => `${i.local}/32`)),
  ].map((d) => parseCidr(d.includes('/') ? d : `${d}/32`, false));
  for (let tries = 0; tries < 50; tries++) {
    const s = `10.244.${Math.floor(Math.random() * 256)}.0/24`;
    if (!taken.some((t) => cidrsOverlap(t, parseCidr(s)))) return s;
  }
  throw new Error('no free 10.244.x.0/24 test subnet');
}

/** A TCP port nothing listens on at the moment (bind port 0 on loopback, then release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
