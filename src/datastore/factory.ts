// Opens a Backend from a datastore spec string (the server's --datastore flag):
//   "sqlite" (default)          <dataDir>/state.db
//   "sqlite:///path/to/file.db" that file ("sqlite://rel.db" is relative to the working dir)
//   "etcd://host:port[,host:port...]"
//   "memory"                    nothing persisted
import { resolve, join } from 'node:path';
import { DatastoreError, type Backend } from './backend.js';
import { EtcdBackend } from './etcd.js';
import { MemoryBackend } from './memory.js';
import { SqliteBackend } from './sqlite.js';

export class InvalidDatastoreSpecError extends DatastoreError {
  constructor(
    readonly spec: string,
    reason: string,
  ) {
    super(`invalid datastore spec ${JSON.stringify(spec)}: ${reason} (use sqlite, sqlite:///path/file.db, etcd://host:port[,host:port], or memory)`);
  }
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

function parseEtcdHosts(spec: string): string[] {
  const rest = spec.slice('etcd://'.length).replace(/\/+$/, '');
  const hosts = rest.split(',').map((h) => h.trim());
  for (const h of hosts) {
    const m = HOST_PORT.exec(h);
    if (!m) throw new InvalidDatastoreSpecError(spec, `expected host:port, got ${JSON.stringify(h)}`);
    const port = Number(m[2]);
    if (port < 1 || port > 65535) throw new InvalidDatastoreSpecError(spec, `bad port ${m[2]}`);
  }
  return hosts;
}

/** Creates (but does not start) the backend a spec names. */
export function openBackend(spec: string, dataDir: string): Backend {
  const s = spec.trim();
  if (s === '' || s === 'sqlite') return new SqliteBackend(join(dataDir, 'state.db'));
  if (s === 'memory') return new MemoryBackend();
  if (s.startsWith('sqlite://')) {
    const path = s.slice('sqlite://'.length);
    if (path === '') throw new InvalidDatastoreSpecError(spec, 'missing file path');
    return new SqliteBackend(resolve(path));
  }
  if (s.startsWith('etcd://')) return new EtcdBackend(parseEtcdHosts(s));
  throw new InvalidDatastoreSpecError(spec, 'unknown kind');
}
