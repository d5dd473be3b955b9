import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSelector, fromLabelSelectorObject, matches, parseLabelSelector } from './labels.js';
import { fieldsMatch, parseFieldSelector } from './fields.js';

describe('label selectors', () => {
  it('parses every operator and matches like upstream', () => {
    const reqs = parseLabelSelector('app=web,tier!=db,env in (prod, staging),zone notin (a),release,!legacy');
    assert.equal(reqs.length, 6);
    assert.ok(matches(reqs, { app: 'web', env: 'prod', zone: 'b', release: '1' }));
    assert.ok(!matches(reqs, { app: 'web', env: 'dev', release: '1' }));
    assert.ok(!matches(reqs, { app: 'web', env: 'prod', release: '1', legacy: 'y' }));
    assert.ok(!matches(reqs, { app: 'web', env: 'prod' }));
    assert.ok(matches(parseLabelSelector('a==b'), { a: 'b' }));
  });

  it('rejects bad syntax', () => {
    assert.throws(() => parseLabelSelector('a=b=c'));
    assert.throws(() => parseLabelSelector('Bad Key=x'));
    assert.throws(() => parseLabelSelector('a in ()'));
  });

  it('converts LabelSelector objects and formats them canonically', () => {
    const r = fromLabelSelectorObject({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }, { key: 'd', operator: 'DoesNotExist' }] });
    assert.equal(formatSelector(r), 'a=1,b=2,c in (x,y),!d');
    assert.deepEqual(fromLabelSelectorObject({}), []);
    assert.throws(() => fromLabelSelectorObject({ matchExpressions: [{ key: 'x', operator: 'Near' }] }));
  });
});

describe('field selectors', () => {
  it('parses =, == and != with escapes', () => {
    const r = parseFieldSelector('metadata.name=a\\,b,status.phase!=Running');
    assert.deepEqual(r, [
      { field: 'metadata.name', op: '=', value: 'a,b' },
      { field: 'status.phase', op: '!=', value: 'Running' },
    ]);
    assert.ok(fieldsMatch(r, { 'metadata.name': 'a,b', 'status.phase': 'Pending' }));
    assert.ok(!fieldsMatch(r, { 'metadata.name': 'a,b', 'status.phase': 'Running' }));
  });

  it('rejects terms without an operator', () => {
    assert.throws(() => parseFieldSelector('metadata.name'), /invalid selector/);
  });
});
