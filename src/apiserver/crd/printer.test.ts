import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crdTablePrinter } from './printer.js';
import { humanDuration } from './age.js';
import { cronTabCRD } from './testdata.js';
import type { KubeObject } from '../types.js';

const now = new Date('2024-05-01T12:00:00Z');

const obj: KubeObject = {
  apiVersion: 'stable.example.com/v1',
  kind: 'CronTab',
  metadata: { name: 'my-new-cron-object', creationTimestamp: '2024-05-01T11:55:00Z' },
  spec: { cronSpec: '* * * * */5', replicas: 3, image: 'img' },
  status: { conditions: [{ type: 'Synced', status: 'False' }, { type: 'Ready', status: 'True' }], ok: true, ratio: 0.5 },
};

test('columns from additionalPrinterColumns after Name', () => {
  const p = crdTablePrinter(cronTabCRD().spec!.versions![0].additionalPrinterColumns);
  assert.deepEqual(p.columns.map((c) => [c.name, c.type, c.format]), [
    ['Name', 'string', 'name'],
    ['Spec', 'string', ''],
    ['Replicas', 'integer', ''],
    ['Age', 'date', ''],
  ]);
  assert.equal(p.columns[1].description, 'The cron spec defining the interval a CronJob is run');
  assert.equal(p.columns[3].description, 'Custom resource definition column (in JSONPath format): .metadata.creationTimestamp');
  assert.deepEqual(p.cells(obj, now), ['my-new-cron-object', '* * * * */5', 3, '5m']);
});

test('filters, types, priority and missing values', () => {
  const p = crdTablePrinter([
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'OK', type: 'boolean', jsonPath: '.status.ok', priority: 1 },
    { name: 'Ratio', type: 'number', jsonPath: '.status.ratio' },
    { name: 'Missing', type: 'string', jsonPath: '.status.nothing' },
    { name: 'Conds', type: 'string', jsonPath: '.status.conditions[0]' },
    { name: 'Wrong', type: 'integer', jsonPath: '.spec.image' },
  ]);
  assert.equal(p.columns[2].priority, 1);
  assert.deepEqual(p.cells(obj, now), ['my-new-cron-object', 'True', true, 0.5, null, '{"type":"Synced","status":"False"}', null]);
});

test('no columns: Name and Age', () => {
  const p = crdTablePrinter(undefined);
  assert.deepEqual(p.columns.map((c) => c.name), ['Name', 'Age']);
  assert.deepEqual(p.cells(obj, now), ['my-new-cron-object', '5m']);
});

test('ages read like kubectl', () => {
  assert.equal(humanDuration(30_000), '30s');
  assert.equal(humanDuration(150_000), '2m30s');
  assert.equal(humanDuration(3 * 3600_000 + 5 * 60_000), '3h5m');
  assert.equal(humanDuration(50 * 3600_000), '2d2h');
  assert.equal(humanDuration(400 * 86400_000), '400d');
});
