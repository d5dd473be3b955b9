import { ProtobufDecodeError } from './errors.js';
import { NATIVES } from './natives.js';
import { parseMessage, type MessageDesc, type PackageTable } from './schema.js';
import { apps } from './tables/apps.js';
import { authentication } from './tables/authentication.js';
import { authorization } from './tables/authorization.js';
import { autoscaling } from './tables/autoscaling.js';
import { batch } from './tables/batch.js';
import { coordination } from './tables/coordination.js';
import { core } from './tables/core.js';
import { discovery } from './tables/discovery.js';
import { events } from './tables/events.js';
import { meta } from './tables/meta.js';
import { networking } from './tables/networking.js';
import { policy } from './tables/policy.js';
import { rbac } from './tables/rbac.js';
import { scheduling } from './tables/scheduling.js';
import { storage } from './tables/storage.js';

/**
 * Package tables by package id (the prefix of qualified message names).
 * The tables hold field facts read off upstream's `protobuf:"…"` and `json:"…"`
 * struct tags (k8s.io/api and apimachinery, v1.37 development line, a superset of
 * what kubectl 1.32 writes). Fields typed by packages not listed here (alpha
 * scheduling types in batch/v1) are left out, so they are skipped like unknown fields.
 */
export const PACKAGES: Readonly<Record<string, PackageTable>> = {
  core, apps, batch, rbac, networking, policy, coordination, discovery,
  storage, events, autoscaling, authentication, authorization, scheduling, meta,
};

/** apiVersion → package id. */
const GROUP_VERSIONS: Readonly<Record<string, string>> = {
  v1: 'core',
  'apps/v1': 'apps',
  'batch/v1': 'batch',
  'rbac.authorization.k8s.io/v1': 'rbac',
  'networking.k8s.io/v1': 'networking',
  'policy/v1': 'policy',
  'coordination.k8s.io/v1': 'coordination',
  'discovery.k8s.io/v1': 'discovery',
  'storage.k8s.io/v1': 'storage',
  'events.k8s.io/v1': 'events',
  'autoscaling/v1': 'autoscaling',
  'authentication.k8s.io/v1': 'authentication',
  'authorization.k8s.io/v1': 'authorization',
  'scheduling.k8s.io/v1': 'scheduling',
  'meta.k8s.io/v1': 'meta',
};

/** meta/v1 kinds registered into every group version (options and Status). */
const META_KINDS = new Set([
  'DeleteOptions', 'CreateOptions', 'UpdateOptions', 'PatchOptions', 'GetOptions', 'ListOptions', 'Status', 'WatchEvent',
]);

let cache: Map<string, MessageDesc> | undefined;

function all(): Map<string, MessageDesc> {
  if (cache) return cache;
  const out = new Map<string, MessageDesc>();
  for (const [pkg, table] of Object.entries(PACKAGES)) {
    for (const [name, entries] of Object.entries(table)) out.set(`${pkg}.${name}`, parseMessage(name, entries, pkg));
  }
  cache = out;
  return out;
}

/** The layout of a qualified message (`pkg.Name`), or undefined (natives have none). */
export function findMessage(ref: string): MessageDesc | undefined {
  return all().get(ref);
}

export function getMessage(ref: string): MessageDesc {
  const desc = all().get(ref);
  if (!desc) throw new ProtobufDecodeError(`no protobuf layout for message ${ref}`);
  return desc;
}

/** The message an object of apiVersion/kind is encoded as. */
export function messageForKind(apiVersion: string, kind: string): MessageDesc {
  const pkg = GROUP_VERSIONS[apiVersion];
  if (pkg !== undefined && kind !== '') {
    const own = all().get(`${pkg}.${kind}`);
    if (own) return own;
    if (META_KINDS.has(kind)) return getMessage(`meta.${kind}`);
  }
  throw new ProtobufDecodeError(`protobuf bodies of ${kind || '(no kind)'} in ${apiVersion || '(no apiVersion)'} are not supported`);
}

/** Every message reference in the tables that resolves to neither a layout nor a native (should be none). */
export function unresolvedReferences(): string[] {
  const missing = new Set<string>();
  for (const desc of all().values()) {
    for (const f of desc.fields) {
      if (f.type.kind === 'message' && !all().has(f.type.ref) && !NATIVES.has(f.type.ref)) missing.add(`${desc.name}.${f.json} → ${f.type.ref}`);
    }
  }
  return [...missing].sort();
}
