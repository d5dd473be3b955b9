import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeV2Protobuf } from './protobuf.js';
import { ProtoMessage } from './proto-writer.js';
import { buildV2 } from './v2.js';
import { builtinResources } from '../kinds/builtin.js';
import { SchemaSet } from '../schema/set.js';

// An independent reader of the protobuf wire format: field number → values
// (Buffer for length-delimited, bigint for varints, number for fixed64 doubles).
type Value = Buffer | bigint | number;
class Decoded {
  readonly fields = new Map<number, Value[]>();
  constructor(buf: Buffer) {
    let pos = 0;
    const varint = (): bigint => {
      let result = 0n;
      let shift = 0n;
      for (;;) {
        const b = buf[pos++];
        assert.ok(b !== undefined, 'truncated varint');
        result |= BigInt(b & 0x7f) << shift;
        if ((b & 0x80) === 0) return result;
        shift += 7n;
      }
    };
    while (pos < buf.length) {
      const key = Number(varint());
      const field = key >> 3;
      const wire = key & 7;
      let v: Value;
      if (wire === 0) v = varint();
      else if (wire === 1) {
        v = buf.readDoubleLE(pos);
        pos += 8;
      } else if (wire === 2) {
        const len = Number(varint());
        v = buf.subarray(pos, pos + len);
        assert.equal(v.length, len, 'truncated bytes');
        pos += len;
      } else assert.fail(`unexpected wire type ${wire}`);
      const list = this.fields.get(field) ?? [];
      list.push(v);
      this.fields.set(field, list);
    }
  }
  all(f: number): Value[] {
    return this.fields.get(f) ?? [];
  }
  msg(f: number): Decoded {
    const v = this.all(f)[0];
    assert.ok(Buffer.isBuffer(v), `field ${f} is a message`);
    return new Decoded(v);
  }
  msgs(f: number): Decoded[] {
    return this.all(f).map((v) => new Decoded(v as Buffer));
  }
  str(f: number): string | undefined {
    const v = this.all(f)[0];
    return v === undefined ? undefined : (v as Buffer).toString('utf8');
  }
  strs(f: number): string[] {
    return this.all(f).map((v) => (v as Buffer).toString('utf8'));
  }
}

/** NamedX lists ({name = 1; value = 2}) as a map. */
const named = (list: Decoded[]): Map<string, Decoded> => new Map(list.map((n) => [n.str(1)!, n.msg(2)]));

test('writer: varints, negative int64, doubles, bools, nested messages', () => {
  const inner = new ProtoMessage().string(1, 'é');
  const m = new ProtoMessage().int64IfSet(1, 300).int64IfSet(2, -1).doubleIfSet(3, 1.5).bool(4, false).message(5, inner)
    .stringIfSet(6, '').int64IfSet(7, 0).boolIfSet(8, false);
  const d = new Decoded(m.finish());
  assert.equal(d.all(1)[0], 300n);
  assert.equal(d.all(2)[0], 2n ** 64n - 1n);
  assert.equal(d.all(3)[0], 1.5);
  assert.equal(d.all(4)[0], 0n);
  assert.equal(d.msg(5).str(1), 'é');
  assert.deepEqual([6, 7, 8].map((f) => d.all(f).length), [0, 0, 0], 'proto3 defaults are not written');
});

test('the v2 document round-trips through the openapi.v2.Document wire format', () => {
  const json = buildV2(builtinResources(), new SchemaSet());
  const doc = new Decoded(encodeV2Protobuf(json as unknown as Record<string, unknown>));
  assert.equal(doc.str(1), '2.0'); // swagger
  assert.equal(doc.msg(2).str(1), json.info.title); // info.title

  // definitions (9) → NamedSchema (1)
  const defs = named(doc.msg(9).msgs(1));
  assert.equal(defs.size, Object.keys(json.definitions).length);
  const deployment = defs.get('io.k8s.api.apps.v1.Deployment')!;
  assert.deepEqual(deployment.msg(22).strs(1), ['object']); // type
  const ext = named(deployment.msgs(31)); // vendor_extension, value Any{yaml = 2}
  assert.deepEqual(JSON.parse(ext.get('x-kubernetes-group-version-kind')!.str(2)!), [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);

  const podSpecProps = named(defs.get('io.k8s.api.core.v1.PodSpec')!.msg(25).msgs(1)); // properties
  const containers = podSpecProps.get('containers')!;
  assert.deepEqual(containers.msg(22).strs(1), ['array']);
  assert.equal(containers.msg(23).msgs(1)[0]!.str(1), '#/definitions/io.k8s.api.core.v1.Container'); // items → _ref
  const cext = named(containers.msgs(31));
  assert.equal(JSON.parse(cext.get('x-kubernetes-patch-merge-key')!.str(2)!), 'name');
  assert.equal(JSON.parse(cext.get('x-kubernetes-patch-strategy')!.str(2)!), 'merge');
  assert.deepEqual(defs.get('io.k8s.api.core.v1.PodSpec')!.strs(19), ['containers']); // required

  const secretData = named(defs.get('io.k8s.api.core.v1.Secret')!.msg(25).msgs(1)).get('data')!;
  const valueSchema = secretData.msg(21).msg(1); // additional_properties → schema
  assert.equal(valueSchema.str(2), 'byte');

  // paths (8) → NamedPathItem (2) → PathItem.patch (8) → Operation
  const paths = named(doc.msg(8).msgs(2));
  assert.equal(paths.size, Object.keys(json.paths).length);
  const item = paths.get('/apis/apps/v1/namespaces/{namespace}/deployments/{name}')!;
  const patch = item.msg(8);
  assert.equal(patch.str(5), 'patchAppsV1NamespacedDeployment');
  const opExt = named(patch.msgs(13));
  assert.deepEqual(JSON.parse(opExt.get('x-kubernetes-group-version-kind')!.str(2)!), { group: 'apps', kind: 'Deployment', version: 'v1' });
  // parameters: ParametersItem.parameter (1) → Parameter.body_parameter (1) | non_body_parameter (2) → query (3)
  const params = patch.msgs(8).map((p) => p.msg(1));
  assert.equal(params[0]!.msg(1).str(2), 'body');
  const queryNames = params.slice(1).map((p) => p.msg(2).msg(3).str(4));
  assert.deepEqual(queryNames, ['dryRun', 'fieldManager', 'fieldValidation', 'force']);
  // path-level parameters (9): path sub-schema (4), required = true
  const nameParam = item.msgs(9)[0]!.msg(1).msg(2).msg(4);
  assert.equal(nameParam.str(4), 'name');
  assert.equal(nameParam.all(1)[0], 1n);
  // responses (9) → NamedResponseValue (1) → ResponseValue.response (1) → schema (2) → SchemaItem.schema (1) → _ref
  const responses = named(patch.msg(9).msgs(1));
  assert.equal(responses.get('200')!.msg(1).msg(2).msg(1).str(1), '#/definitions/io.k8s.api.apps.v1.Deployment');
});
