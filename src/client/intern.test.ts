import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactForCache, internStrings } from './intern.js';

test('compacting keeps every value (strings, numbers, nulls, nesting) and drops managedFields', () => {
  const a = JSON.parse('{"metadata":{"name":"a","managedFields":[{"manager":"x"}]},"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}');
  const b = JSON.parse('{"metadata":{"name":"b"},"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]},"list":["Running",1,null]}');
  compactForCache(a);
  internStrings(b);
  assert.equal(a.metadata.managedFields, undefined);
  assert.deepEqual(b, { metadata: { name: 'b' }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }, list: ['Running', 1, null] });
  assert.equal(a.status.phase, 'Running');
  assert.equal(a.status.conditions[0].status, 'True');
});
