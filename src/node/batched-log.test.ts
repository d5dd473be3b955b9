import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchedLog } from './batched-log.js';

test('lines are stamped, kept in order and written together after the delay or when the batch is full', async () => {
  const chunks: string[] = [];
  const b = new BatchedLog((c) => chunks.push(c), 20, 3);
  b.log('a');
  b.log('b');
  assert.equal(chunks.length, 0);
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(chunks.length, 1);
  assert.match(chunks[0]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z a\n\S+ b\n$/);
  for (const l of ['c', 'd', 'e']) b.log(l);
  assert.equal(chunks.length, 2, 'a full batch is written at once');
  assert.match(chunks[1]!, / c\n.* d\n.* e\n$/);
  b.flush();
  assert.equal(chunks.length, 2, 'nothing left to write');
});
