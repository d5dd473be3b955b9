import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PodExpectations } from './expectations.js';

test('a deletion is observed once per expected pod', () => {
  const e = new PodExpectations();
  e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
  e.deletionObserved('ns/rs', 'ns/a');
  e.deletionObserved('ns/rs', 'ns/a'); // the DELETED event after the deletionTimestamp update
  e.deletionObserved('ns/rs', 'ns/other');
  assert.equal(e.satisfied('ns/rs'), false);
  e.deletionObserved('ns/rs', 'ns/b');
  assert.equal(e.satisfied('ns/rs'), true);
});

test('creations count down; expectations expire', () => {
  let now = 0;
  const e = new PodExpectations(() => now);
  e.expectCreations('k', 2);
  e.creationObserved('k');
  assert.equal(e.satisfied('k'), false);
  now = 6 * 60 * 1000;
  assert.equal(e.satisfied('k'), true);
  e.delete('k');
  assert.equal(e.satisfied('k'), true);
});
