// Where skiff keeps its state unless --data-dir says otherwise (k3s's
// /var/lib/rancher/k3s as root, ~/.rancher/k3s otherwise). A module of its
// own so that commands other than `up` need not load the API server.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(): string {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return root ? '/var/lib/skiff' : join(homedir(), '.skiff');
}
