import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strategicMergePatch } from './strategic-merge.js';
import { PatchError } from './errors.js';
import { deploymentSchema, podSchema, resolve } from './testdata-schema.js';

const pod = (original: unknown, patch: unknown): unknown => strategicMergePatch(original, patch, podSchema, resolve);
const deploy = (original: unknown, patch: unknown): unknown => strategicMergePatch(original, patch, deploymentSchema, resolve);
const spec = (s: Record<string, unknown>): unknown => ({ spec: s });

function rejects(fn: () => unknown, kind: PatchError['kind'], message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PatchError, `expected PatchError, got ${String(e)}`);
    assert.equal(e.kind, kind);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

test('maps merge recursively and null deletes a key', () => {
  const original = { metadata: { name: 'p', labels: { app: 'a', tier: 'web' } }, spec: { nodeSelector: { zone: 'a' } } };
  assert.deepEqual(pod(original, { metadata: { labels: { tier: null, team: 'x' } }, spec: { nodeSelector: null } }), {
    metadata: { name: 'p', labels: { app: 'a', team: 'x' } },
    spec: {},
  });
  // deleting something absent is fine
  assert.deepEqual(pod({ metadata: {} }, { metadata: { labels: null } }), { metadata: {} });
});

test('containers merge by name: matched items merge, fields not in the patch survive', () => {
  const original = spec({
    containers: [
      { name: 'app', image: 'nginx:1', args: ['a', 'b'], ports: [{ containerPort: 80 }] },
      { name: 'side', image: 'busybox' },
    ],
  });
  assert.deepEqual(pod(original, spec({ containers: [{ name: 'app', image: 'nginx:2', args: ['c'] }] })), {
    spec: {
      containers: [
        { name: 'app', image: 'nginx:2', args: ['c'], ports: [{ containerPort: 80 }] },
        { name: 'side', image: 'busybox' },
      ],
    },
  });
});

test('a new container without $setElementOrder goes first (upstream mergeSortedSlice)', () => {
  // Same outcome as the kubectl patch task page: patch-demo-ctr-2 is listed first.
  const original = spec({ containers: [{ name: 'patch-demo-ctr', image: 'nginx' }] });
  assert.deepEqual(pod(original, spec({ containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] })), {
    spec: {
      containers: [
        { name: 'patch-demo-ctr-2', image: 'redis' },
        { name: 'patch-demo-ctr', image: 'nginx' },
      ],
    },
  });
});

test('patch order wins over live order for items in the patch (upstream "preserve the order" cases)', () => {
  const original = spec({ containers: [{ name: '1' }, { name: '2', image: 'b' }, { name: '3' }] });
  assert.deepEqual(
    pod(original, spec({ containers: [{ name: '3', image: 'c' }, { name: '1', image: 'a' }, { name: '2', args: ['x'] }] })),
    spec({ containers: [{ name: '3', image: 'c' }, { name: '1', image: 'a' }, { name: '2', image: 'b', args: ['x'] }] }),
  );
  assert.deepEqual(
    pod(original, spec({ containers: [{ name: '3', image: 'c' }, { name: '1', image: 'a' }] })),
    spec({ containers: [{ name: '2', image: 'b' }, { name: '3', image: 'c' }, { name: '1', image: 'a' }] }),
  );
  const fin = { metadata: { finalizers: ['1', '2', '3'] } };
  assert.deepEqual(pod(fin, { metadata: { finalizers: ['3', '1', '2'] } }), { metadata: { finalizers: ['3', '1', '2'] } });
  assert.deepEqual(pod(fin, { metadata: { finalizers: ['3', '1'] } }), { metadata: { finalizers: ['2', '3', '1'] } });
});

test('nested merge lists: ports by containerPort, env by name', () => {
  const original = spec({
    containers: [
      {
        name: 'app',
        ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }],
        env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
      },
    ],
  });
  const out = pod(
    original,
    spec({
      containers: [
        {
          name: 'app',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          env: [{ name: 'B', $patch: 'delete' }, { name: 'C', value: '3' }],
        },
      ],
    }),
  );
  assert.deepEqual(out, {
    spec: {
      containers: [
        {
          name: 'app',
          ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 443 }],
          env: [{ name: 'C', value: '3' }, { name: 'A', value: '1' }],
        },
      ],
    },
  });
});

test('lists without a patch strategy are replaced (tolerations, args)', () => {
  const original = spec({ tolerations: [{ key: 'a' }, { key: 'b' }], containers: [{ name: 'c', args: ['x', 'y'] }] });
  assert.deepEqual(pod(original, spec({ tolerations: [{ key: 'c', effect: 'NoSchedule' }], containers: [{ name: 'c', args: ['z'] }] })), {
    spec: { tolerations: [{ key: 'c', effect: 'NoSchedule' }], containers: [{ name: 'c', args: ['z'] }] },
  });
});

test('primitive merge lists are unioned without duplicates', () => {
  assert.deepEqual(pod({ metadata: { finalizers: ['1', '2'] } }, { metadata: { finalizers: ['2', '3'] } }), {
    metadata: { finalizers: ['1', '2', '3'] },
  });
  assert.deepEqual(pod({ metadata: {} }, { metadata: { finalizers: ['a'] } }), { metadata: { finalizers: ['a'] } });
});

test('$deleteFromPrimitiveList removes every occurrence', () => {
  assert.deepEqual(
    pod({ metadata: { finalizers: ['1', '2', '3', '3', '4'] } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['3'] } }),
    { metadata: { finalizers: ['1', '2', '4'] } },
  );
  // deleting from a list that does not exist changes nothing
  assert.deepEqual(pod({ metadata: { name: 'x' } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['3'] } }), {
    metadata: { name: 'x' },
  });
  rejects(() => pod({ metadata: {} }, { metadata: { $deleteFromPrimitiveList: ['3'] } }), 'malformed', 'invalid patch format of primitive list');
  rejects(() => pod({ metadata: {} }, { metadata: { '$deleteFromPrimitiveList/finalizers': 'x' } }), 'malformed', 'invalid patch format of primitive list');
});

test('$setElementOrder with scalars: upstream "add and delete items in lists of scalars"', () => {
  const out = pod(
    { metadata: { finalizers: ['1', '2', '3', '4'] } },
    {
      metadata: {
        '$setElementOrder/finalizers': ['1', '2', '4'],
        '$deleteFromPrimitiveList/finalizers': ['3'],
        finalizers: ['4'],
      },
    },
  );
  assert.deepEqual(out, { metadata: { finalizers: ['1', '2', '4'] } });
  // only reordering, no patch list: items missing from the live list are ignored
  assert.deepEqual(pod({ metadata: { finalizers: ['1', '3'] } }, { metadata: { '$setElementOrder/finalizers': ['3', '2', '1'] } }), {
    metadata: { finalizers: ['3', '1'] },
  });
});

test('$setElementOrder with maps: upstream "merge lists of maps"', () => {
  const current = spec({ containers: [{ name: '1', image: 'a' }, { name: '2', image: '2', args: ['b'] }] });
  const out = pod(
    current,
    spec({
      '$setElementOrder/containers': [{ name: '4' }, { name: '1' }, { name: '2' }, { name: '3' }],
      containers: [
        { name: '4', image: '4' },
        { name: '3', image: '3' },
      ],
    }),
  );
  assert.deepEqual(out, {
    spec: {
      containers: [
        { name: '4', image: '4' },
        { name: '1', image: 'a' },
        { name: '2', image: '2', args: ['b'] },
        { name: '3', image: '3' },
      ],
    },
  });
});

test('$setElementOrder keeps server-only items at their live position', () => {
  const current = spec({ containers: [{ name: 'a' }, { name: 'server' }, { name: 'b' }] });
  const out = pod(current, spec({ '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'b', image: 'x' }] }));
  assert.deepEqual(out, spec({ containers: [{ name: 'server' }, { name: 'b', image: 'x' }, { name: 'a' }] }));
});

test('$setElementOrder must agree with the order of the patch list', () => {
  rejects(
    () =>
      pod(
        spec({ containers: [{ name: '1' }, { name: '3' }, { name: '2' }] }),
        spec({ '$setElementOrder/containers': [{ name: '1' }, { name: '2' }, { name: '3' }], containers: [{ name: '3', image: '3' }, { name: '1', image: '1' }] }),
      ),
    'unknown',
    /^The order in patch list:\n\[map\[image:3 name:3\] map\[image:1 name:1\]\]\n doesn't match \$setElementOrder list:\n/,
  );
  rejects(() => pod({ metadata: {} }, { metadata: { $setElementOrder: ['a'] } }), 'malformed', 'invalid patch format of setElementOrder list');
});

test('$patch: delete on list items removes all matches; missing merge key is an error', () => {
  const original = spec({ containers: [{ name: '1' }, { name: '1' }, { name: '2', image: 'a' }, { name: '3' }, { name: '3' }] });
  assert.deepEqual(
    pod(original, spec({ containers: [{ name: '1', $patch: 'delete' }, { name: '3', $patch: 'delete' }] })),
    spec({ containers: [{ name: '2', image: 'a' }] }),
  );
  rejects(
    () => pod(original, spec({ containers: [{ $patch: 'delete', image: 'x' }] })),
    'unknown',
    'map: map[$patch:delete image:x] does not contain declared merge key: name',
  );
});

test('a merge-list item without its merge key is an error (upstream message, 500 upstream)', () => {
  rejects(
    () => pod(spec({ containers: [{ name: '1', image: 'a' }] }), spec({ containers: [{ image: 'b' }] })),
    'unknown',
    'map: map[image:b] does not contain declared merge key: name',
  );
});

test('$patch: replace in a list replaces the whole list', () => {
  const original = spec({ containers: [{ name: '1', image: 'a' }, { name: '2' }] });
  assert.deepEqual(pod(original, spec({ containers: [{ $patch: 'replace' }] })), spec({ containers: [] }));
  assert.deepEqual(
    pod(original, spec({ containers: [{ name: '3', image: 'c', env: [{ name: 'X', $patch: 'delete' }] }, { $patch: 'replace' }] })),
    spec({ containers: [{ name: '3', image: 'c', env: [] }] }),
  );
  rejects(() => pod(original, spec({ containers: [{ $patch: 'merge' }] })), 'unknown', 'merging lists cannot yet be specified in the patch');
  rejects(() => pod(original, spec({ containers: [{ name: '1', $patch: 'frob' }] })), 'unknown', 'unknown patch type: frob in map: map[$patch:frob name:1]');
});

test('$patch: replace and delete on maps', () => {
  const original = { metadata: { labels: { a: '1', b: '2' } }, spec: { nodeSelector: { x: 'y' } } };
  assert.deepEqual(pod(original, { metadata: { labels: { $patch: 'replace', c: '3' } } }), {
    metadata: { labels: { c: '3' } },
    spec: { nodeSelector: { x: 'y' } },
  });
  assert.deepEqual(pod(original, { spec: { nodeSelector: { $patch: 'delete' } } }), {
    metadata: { labels: { a: '1', b: '2' } },
    spec: { nodeSelector: {} },
  });
  assert.deepEqual(pod(original, { $patch: 'replace', kind: 'Pod' }), { kind: 'Pod' });
  rejects(() => pod(original, { metadata: { $patch: 'nope' } }), 'unknown', 'unknown patch type: nope in map: map[$patch:nope]');
});

test('the replace patch strategy on a map replaces it', () => {
  assert.deepEqual(pod(spec({ replacingItem: { a: 1, b: { c: 2 } } }), spec({ replacingItem: { b: { d: 3 } } })), spec({ replacingItem: { b: { d: 3 } } }));
});

test('$retainKeys clears live keys it does not list (Deployment strategy, wrapped in allOf)', () => {
  const original = { spec: { replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } } } };
  assert.deepEqual(deploy(original, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }), {
    spec: { replicas: 1, strategy: { type: 'Recreate' } },
  });
  // without the directive the retainKeys strategy merges like any map
  assert.deepEqual(deploy(original, { spec: { strategy: { type: 'Recreate' } } }), {
    spec: { replicas: 1, strategy: { type: 'Recreate', rollingUpdate: { maxSurge: '25%' } } },
  });
});

test('$retainKeys inside merge-list items (volumes: merge,retainKeys)', () => {
  const original = spec({ volumes: [{ name: 'v', hostPath: { path: '/x' } }, { name: 'w', emptyDir: {} }] });
  assert.deepEqual(
    pod(original, spec({ volumes: [{ name: 'v', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' } }] })),
    spec({ volumes: [{ name: 'v', configMap: { name: 'cm' } }, { name: 'w', emptyDir: {} }] }),
  );
});

test('$retainKeys format errors are malformed patches', () => {
  const original = { spec: { strategy: { type: 'RollingUpdate' } } };
  rejects(() => deploy(original, { spec: { strategy: { $retainKeys: 'type' } } }), 'malformed', 'invalid patch format of retainKeys');
  rejects(
    () => deploy(original, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: {} } } }),
    'malformed',
    'invalid patch format of retainKeys',
  );
  // null values do not have to be listed
  assert.deepEqual(deploy(original, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null } } }), {
    spec: { strategy: { type: 'RollingUpdate' } },
  });
});

test('ownerReferences merge by uid', () => {
  const original = { metadata: { ownerReferences: [{ uid: 'u1', name: 'a' }] } };
  assert.deepEqual(pod(original, { metadata: { ownerReferences: [{ uid: 'u1', kind: 'ReplicaSet' }, { uid: 'u2', name: 'b' }] } }), {
    metadata: { ownerReferences: [{ uid: 'u1', name: 'a', kind: 'ReplicaSet' }, { uid: 'u2', name: 'b' }] },
  });
});

test('values added where nothing existed are cleaned of directives and nulls', () => {
  const out = pod(
    { metadata: { name: 'p' } },
    {
      spec: {
        containers: [{ name: 'c', env: [{ name: 'gone', $patch: 'delete' }, { name: 'A', value: null }] }],
        nodeSelector: { a: 'b', c: null },
      },
    },
  );
  assert.deepEqual(out, { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', env: [{ name: 'A' }] }], nodeSelector: { a: 'b' } } });
});

test('a merge list added where none existed is taken as is (no merge-key check, like upstream)', () => {
  assert.deepEqual(pod({ spec: {} }, spec({ containers: [{ image: 'x' }, { name: 'b', $patch: 'replace' }] })), spec({ containers: [{ image: 'x' }] }));
});

test('type changes take the patch value', () => {
  assert.deepEqual(pod({ metadata: { labels: ['x'] } }, { metadata: { labels: { a: 'b' } } }), { metadata: { labels: { a: 'b' } } });
  assert.deepEqual(pod({ spec: { nodeSelector: 'x' } }, { spec: { nodeSelector: { a: 'b' } } }), { spec: { nodeSelector: { a: 'b' } } });
});

test('list element kinds: lists of lists are invalid, mixed kinds are errors', () => {
  rejects(() => pod(spec({ matrix: [['a']] }), spec({ matrix: [['b']] })), 'invalid', 'lists of lists are not supported');
  rejects(
    () => pod(spec({ containers: [{ name: 'a' }] }), spec({ containers: ['b'] })),
    'unknown',
    'list element types are not identical: [[map[name:a]] [b]]',
  );
});

test('fields the schema does not describe merge like JSON merge patch', () => {
  const original = { metadata: { name: 'p' }, extra: { list: [1, 2], m: { a: 1 } } };
  assert.deepEqual(pod(original, { extra: { list: [3], m: { b: 2, a: null } } }), { metadata: { name: 'p' }, extra: { list: [3], m: { b: 2 } } });
});

test('without a schema it behaves like JSON merge patch (directives still honoured)', () => {
  const original = { spec: { containers: [{ name: 'a', image: 'x' }], labels: { a: '1' } } };
  const patch = { spec: { containers: [{ name: 'b' }], labels: { a: null, b: '2' } } };
  assert.deepEqual(strategicMergePatch(original, patch, undefined, resolve), { spec: { containers: [{ name: 'b' }], labels: { b: '2' } } });
  assert.deepEqual(strategicMergePatch(original, { spec: { $patch: 'delete' } }, undefined, resolve), { spec: {} });
});

test('the patch must be an object', () => {
  rejects(() => pod({}, [1]), 'malformed', 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  rejects(() => pod({}, null), 'malformed', 'json: cannot unmarshal null into Go value of type map[string]interface {}');
});

test('inputs are not mutated', () => {
  const original = {
    metadata: { finalizers: ['a'], labels: { x: '1' } },
    spec: { containers: [{ name: 'c', env: [{ name: 'A', value: '1' }] }] },
  };
  const patch = {
    metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], labels: { $patch: 'replace', y: '2' } },
    spec: { '$setElementOrder/containers': [{ name: 'c' }], containers: [{ name: 'c', env: [{ name: 'A', $patch: 'delete' }] }] },
  };
  const before = JSON.stringify([original, patch]);
  const out = pod(original, patch);
  assert.deepEqual(out, { metadata: { finalizers: [], labels: { y: '2' } }, spec: { containers: [{ name: 'c', env: [] }] } });
  assert.equal(JSON.stringify([original, patch]), before);
});
