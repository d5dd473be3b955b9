import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types.js';
import { podPrinter } from './pod.js';
import { defaultPrinter, InvalidIncludeObjectError, parseIncludeObject, rfc3339, toTable } from './table.js';
import { ago, M, NOW } from './testutil.js';

const pod = (name: string, phase: string): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '42', creationTimestamp: ago(5 * M), labels: { app: 'x' } },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
  status: { phase },
});

test('a list becomes a meta.k8s.io/v1 Table with PartialObjectMetadata rows by default', () => {
  const table = toTable(podPrinter, [pod('a', 'Running'), pod('b', 'Succeeded')], {
    now: NOW, listMeta: { resourceVersion: '100', continue: 'tok', remainingItemCount: 3 },
  });
  assert.equal(table.kind, 'Table');
  assert.equal(table.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(table.metadata, { resourceVersion: '100', continue: 'tok', remainingItemCount: 3 });
  assert.equal(table.columnDefinitions, podPrinter.columns);
  assert.equal(table.rows.length, 2);
  assert.deepEqual(table.rows[0], {
    cells: ['a', '0/1', 'Running', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod('a', 'Running').metadata },
  });
  assert.deepEqual(table.rows[1].conditions, [
    { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
  ]);
  // Every row has as many cells as there are columns.
  for (const row of table.rows) assert.equal(row.cells.length, table.columnDefinitions.length);
});

test('includeObject=Object embeds the object, None leaves it null', () => {
  const p = pod('a', 'Running');
  assert.equal(toTable(podPrinter, [p], { now: NOW, includeObject: 'Object' }).rows[0].object, p);
  assert.equal(toTable(podPrinter, [p], { now: NOW, includeObject: 'None' }).rows[0].object, null);
  assert.deepEqual(toTable(podPrinter, [], { now: NOW, listMeta: { resourceVersion: '' } }).metadata, {});
});

test('parseIncludeObject accepts the three values and defaults to Metadata', () => {
  assert.equal(parseIncludeObject(undefined), 'Metadata');
  assert.equal(parseIncludeObject(''), 'Metadata');
  assert.equal(parseIncludeObject('None'), 'None');
  assert.equal(parseIncludeObject('Object'), 'Object');
  assert.throws(() => parseIncludeObject('Everything'), InvalidIncludeObjectError);
});

test('kinds without a printer get NAME / CREATED AT', () => {
  const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', creationTimestamp: '2024-04-30T08:15:30Z' } };
  const table = toTable(undefined, [role], { now: NOW });
  assert.deepEqual(table.columnDefinitions.map((c) => [c.name, c.type, c.format]), [['Name', 'string', 'name'], ['Created At', 'date', '']]);
  assert.equal(table.columnDefinitions, defaultPrinter.columns);
  assert.deepEqual(table.rows[0].cells, ['reader', '2024-04-30T08:15:30Z']);
  assert.equal(rfc3339('2024-04-30T08:15:30.999+02:00'), '2024-04-30T06:15:30Z');
  assert.equal(rfc3339(undefined), '0001-01-01T00:00:00Z');
});
