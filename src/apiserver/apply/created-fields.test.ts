// The create fast path (created-fields.ts) against the general computation,
// on built-in kinds as stored and on many randomly damaged variants of them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaSet } from '../schema/set.js';
import type { KubeObject } from '../types.js';
import { createdEntriesGeneral, trackManagedFieldsInPlace, type FieldManagerOptions } from './managed-fields.js';
import { SchemaNav } from './schema-nav.js';

const set = new SchemaSet();
const resolve = (ref: string) => set.resolve({ $ref: ref });
const nav = new SchemaNav(resolve);
const NOW = new Date('2026-11-22T10:00:00Z');

function opts(group: string, version: string, kind: string, extra: Partial<FieldManagerOptions> = {}): FieldManagerOptions {
  return { manager: 'kubectl-create', schema: set.forGVK(group, version, kind), resolve, nav, apiVersion: group ? `${group}/${version}` : version, kind, now: NOW, resetFields: [['status']], ...extra };
}

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u', creationTimestamp: '2026-11-22T10:00:00Z', labels: { app: 'web', tier: 'fe' }, annotations: { a: 'b' }, finalizers: ['x/y'] },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'nginx',
        args: ['--port=8080'],
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { containerPort: 9102, protocol: 'UDP' }],
        env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 5 },
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    nodeSelector: {},
  },
  status: { phase: 'Pending', qosClass: 'Burstable' },
};

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', namespace: 'default', generation: 1 },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'd' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '1d'] }] } },
  },
};

const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's', namespace: 'default' },
  spec: { selector: { app: 'd' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], clusterIPs: ['10.0.0.1'], ipFamilies: ['IPv4'] },
};

const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1', b: '' }, binaryData: {} };

const CASES: Array<[KubeObject, FieldManagerOptions]> = [
  [pod, opts('', 'v1', 'Pod')],
  [pod, opts('', 'v1', 'Pod', { subresource: 'status', resetFields: [['spec']] })],
  [deployment, opts('apps', 'v1', 'Deployment')],
  [service, opts('', 'v1', 'Service')],
  [configMap, opts('', 'v1', 'ConfigMap', { resetFields: [] })],
  [{ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, spec: { a: [1, 2], b: { c: null, d: {} } } }, opts('example.com', 'v1', 'Thing', { schema: undefined, resolve: undefined, nav: undefined })],
];

const same = (obj: KubeObject, o: FieldManagerOptions, what: string): void => {
  const general = createdEntriesGeneral(structuredClone(obj), o);
  const fast = trackManagedFieldsInPlace(undefined, structuredClone(obj), o).metadata?.managedFields;
  assert.deepEqual(JSON.stringify(fast), JSON.stringify(general), what);
};

/** A small seeded PRNG (mulberry32), so failures repeat. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPLACEMENTS: unknown[] = [null, {}, [], 'x', 7, true, { z: null }, [null], [{}]];

/** Replaces, removes or duplicates values at random, everywhere in the tree. */
function damage(v: unknown, r: () => number, depth = 0): unknown {
  if (depth > 0 && r() < 0.06) return REPLACEMENTS[Math.floor(r() * REPLACEMENTS.length)];
  if (Array.isArray(v)) {
    const out = v.map((x) => damage(x, r, depth + 1));
    if (out.length > 0 && r() < 0.1) out.push(structuredClone(out[0]));
    return out;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // metadata stays an object (the HTTP layer refuses anything else).
    for (const [k, x] of Object.entries(v)) {
      if (depth === 0 && k === 'metadata') out[k] = damage(x, r, 0);
      else if (depth === 0 || r() > 0.05) out[k] = damage(x, r, depth + 1);
    }
    return out;
  }
  return v;
}

describe('createdFieldsV1 (the create fast path)', () => {
  it('records what the general comparison records, for built-in kinds as stored', () => {
    for (const [obj, o] of CASES) same(obj, o, `${obj.kind} ${o.subresource ?? ''}`);
  });

  it('records FieldsV1 in upstream shape for a pod create', () => {
    const out = trackManagedFieldsInPlace(undefined, structuredClone(pod), CASES[0]![1]);
    const [entry] = out.metadata!.managedFields!;
    assert.equal(entry!.manager, 'kubectl-create');
    assert.equal(entry!.operation, 'Update');
    assert.equal(entry!.time, '2026-11-22T10:00:00Z');
    const f = entry!.fieldsV1 as Record<string, Record<string, Record<string, unknown>>>;
    assert.deepEqual(Object.keys(f), ['f:metadata', 'f:spec']); // no status (reset), no apiVersion/kind
    assert.deepEqual(f['f:metadata']!['f:labels'], { 'f:app': {}, 'f:tier': {}, '.': {} });
    assert.equal(f['f:metadata']!['f:name'], undefined);
    assert.ok(f['f:spec']!['f:containers']!['k:{"name":"web"}']);
  });

  it('matches the general comparison on 3,000 damaged objects', () => {
    const r = rng(42);
    for (let i = 0; i < 3000; i++) {
      const [obj, o] = CASES[i % CASES.length]!;
      same(damage(obj, r) as KubeObject, o, `case ${i}`);
    }
  });
});
