import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldSet, InvalidFieldsV1Error } from './fieldset.js';
import { comparePE, fieldPE, goJSON, indexPE, keyPE, pathToString, valuePE } from './path-element.js';

const f = fieldPE;

describe('path elements', () => {
  it('serializes keys with fields sorted by name and Go JSON escaping', () => {
    assert.equal(keyPE({ protocol: 'TCP', containerPort: 80 }), 'k:{"containerPort":80,"protocol":"TCP"}');
    assert.equal(keyPE({ name: 'nginx' }), 'k:{"name":"nginx"}');
    assert.equal(valuePE('example.com/finalizer'), 'v:"example.com/finalizer"');
    assert.equal(indexPE(3), 'i:3');
    assert.equal(goJSON('<a&b>'), '"\\u003ca\\u0026b\\u003e"');
  });

  it('orders fields before keys before values before indexes', () => {
    const sorted = [indexPE(0), valuePE('a'), keyPE({ name: 'a' }), f('z'), f('a')].sort(comparePE);
    assert.deepEqual(sorted, [f('a'), f('z'), keyPE({ name: 'a' }), valuePE('a'), indexPE(0)]);
    assert.ok(comparePE(valuePE(2), valuePE(10)) < 0, 'numbers compare numerically');
    assert.ok(comparePE(valuePE(10), valuePE('1')) < 0, 'numbers sort before strings');
  });

  it('renders paths like upstream conflict messages', () => {
    assert.equal(pathToString([f('spec'), f('replicas')]), '.spec.replicas');
    assert.equal(
      pathToString([f('spec'), f('containers'), keyPE({ name: 'nginx' }), f('ports'), keyPE({ containerPort: 80, protocol: 'TCP' })]),
      '.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]',
    );
    assert.equal(pathToString([f('metadata'), f('finalizers'), valuePE('a')]), '.metadata.finalizers[="a"]');
    assert.equal(pathToString([f('args'), indexPE(2)]), '.args[2]');
  });
});

describe('FieldSet FieldsV1 encoding', () => {
  it('encodes the docs ConfigMap example exactly', () => {
    const s = FieldSet.of([f('metadata'), f('labels'), f('test-label')], [f('data'), f('key')]);
    assert.equal(JSON.stringify(s.toFieldsV1()), '{"f:data":{"f:key":{}},"f:metadata":{"f:labels":{"f:test-label":{}}}}');
  });

  it('marks a node that is a member and has children with "." (written last, like upstream)', () => {
    const item = [f('spec'), f('containers'), keyPE({ name: 'nginx' })];
    const s = FieldSet.of(item, [...item, f('name')], [...item, f('image')], [f('metadata'), f('finalizers'), valuePE('x')]);
    assert.equal(
      JSON.stringify(s.toFieldsV1()),
      '{"f:metadata":{"f:finalizers":{"v:\\"x\\"":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{"f:image":{},"f:name":{},".":{}}}}}',
    );
  });

  it('decodes what it encodes, including "." members and non-canonical keys', () => {
    const json = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:ports': { 'k:{"protocol":"TCP","port":80}': { '.': {}, 'f:port': {} } } },
    };
    const s = FieldSet.fromFieldsV1(json);
    assert.ok(s.has([f('metadata'), f('labels')]));
    assert.ok(s.has([f('metadata'), f('labels'), f('app')]));
    assert.ok(!s.has([f('metadata')]));
    const port = [f('spec'), f('ports'), 'k:{"port":80,"protocol":"TCP"}'];
    assert.ok(s.has(port));
    assert.ok(s.has([...port, f('port')]));
    assert.deepEqual(FieldSet.fromFieldsV1(s.toFieldsV1()).paths(), s.paths());
    assert.equal(s.size(), 4);
  });

  it('drops unknown element types, rejects malformed ones', () => {
    const s = FieldSet.fromFieldsV1({ 'x:future': {}, 'f:a': {} });
    assert.deepEqual(s.paths(), [[f('a')]]);
    assert.throws(() => FieldSet.fromFieldsV1({ 'k:{bad': {} }), InvalidFieldsV1Error);
    assert.throws(() => FieldSet.fromFieldsV1({ 'f:a': [] }), InvalidFieldsV1Error);
    assert.ok(FieldSet.fromFieldsV1({}).isEmpty());
  });
});

describe('FieldSet algebra', () => {
  const a = FieldSet.of([f('spec'), f('replicas')], [f('spec'), f('paused')], [f('data')]);
  const b = FieldSet.of([f('spec'), f('replicas')], [f('spec'), f('template'), f('x')]);

  it('union, intersection and difference work path by path', () => {
    assert.deepEqual(a.union(b).paths(), [[f('data')], [f('spec'), f('paused')], [f('spec'), f('replicas')], [f('spec'), f('template'), f('x')]]);
    assert.deepEqual(a.intersection(b).paths(), [[f('spec'), f('replicas')]]);
    assert.deepEqual(a.difference(b).paths(), [[f('data')], [f('spec'), f('paused')]]);
    assert.ok(a.difference(a).isEmpty());
    assert.ok(a.equals(a.clone()));
    assert.ok(!a.equals(b));
  });

  it('recursiveDifference also removes everything under a removed member', () => {
    const s = FieldSet.of([f('status'), f('replicas')], [f('spec'), f('replicas')], [f('status')]);
    assert.deepEqual(s.recursiveDifference(FieldSet.of([f('status')])).paths(), [[f('spec'), f('replicas')]]);
    assert.deepEqual(s.difference(FieldSet.of([f('status')])).paths(), [[f('spec'), f('replicas')], [f('status'), f('replicas')]]);
  });
});
