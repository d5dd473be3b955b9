import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crdPrinter } from './crd-printer.js';
import { crdStrategy } from './strategy.js';
import { cronTabCRD } from './testdata.js';

test('kubectl get crd row', () => {
  const crd = cronTabCRD();
  crd.metadata!.creationTimestamp = '2024-05-01T11:55:00Z';
  crdStrategy.prepareForCreate!(crd, { namespace: '', subresource: '', dryRun: false });
  assert.deepEqual(crdPrinter.columns.map((c) => c.name), ['Name', 'Scope', 'Versions', 'Created At', 'Group', 'Kind', 'ShortNames', 'Established']);
  assert.deepEqual(crdPrinter.cells(crd, new Date()), [
    'crontabs.stable.example.com', 'Namespaced', 'v1(storage)', '2024-05-01T11:55:00Z', 'stable.example.com', 'CronTab', 'ct', true,
  ]);
});
