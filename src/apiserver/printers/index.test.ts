import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinResources } from '../kinds/builtin.js';
import { printerFor } from './index.js';

// Upstream has no printer for these; they get the default NAME / CREATED AT table.
const DEFAULT_TABLE = new Set(['/LimitRange', 'rbac.authorization.k8s.io/Role', 'rbac.authorization.k8s.io/ClusterRole', 'apiextensions.k8s.io/CustomResourceDefinition']);

test('every built-in kind has its upstream printer (or the default table)', () => {
  for (const r of builtinResources()) {
    const key = `${r.group}/${r.kind}`;
    const p = printerFor(r.group, r.kind);
    if (DEFAULT_TABLE.has(key)) {
      assert.equal(p, undefined, key);
      continue;
    }
    assert.ok(p, `printer for ${key}`);
    assert.equal(r.table, p, `${key} wired into its ResourceDef`);
  }
});

test('every printer has a NAME column with format name, and rows as wide as the columns', () => {
  for (const r of builtinResources()) {
    const p = printerFor(r.group, r.kind);
    if (!p) continue;
    const name = p.columns.find((c) => c.name === 'Name');
    assert.equal(name?.format, 'name', r.kind);
    assert.ok(name?.description.startsWith('Name must be unique within a namespace'), r.kind);
    for (const c of p.columns) assert.ok(c.description.length > 0, `${r.kind} ${c.name} description`);
    const cells = p.cells({ metadata: { name: 'x' } }, new Date('2024-01-01T00:00:00Z'));
    assert.equal(cells.length, p.columns.length, `${r.kind} cells for an almost empty object`);
  }
});

test('NAME comes first except for events', () => {
  assert.equal(printerFor('', 'Pod')?.columns[0].name, 'Name');
  assert.equal(printerFor('', 'Event')?.columns[0].name, 'Last Seen');
  assert.equal(printerFor('events.k8s.io', 'Event')?.columns[9].name, 'Name');
});
