import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCheck, DecodeTypeError } from './decode.js';
import { SchemaSet } from './set.js';

const set = new SchemaSet();
const check = (kind: string, def: string, obj: Record<string, unknown>) => decodeCheck(obj, set.get(def)!, set.resolve, kind);

describe('decode type checks (Go struct decoding)', () => {
  it('names the Go struct, JSON path and Go type like upstream', () => {
    assert.throws(
      () => check('ConfigMap', 'io.k8s.api.core.v1.ConfigMap', { metadata: { name: 5 } }),
      (e: Error) => e instanceof DecodeTypeError && e.message === 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string',
    );
    assert.throws(
      () => check('Pod', 'io.k8s.api.core.v1.Pod', { spec: { containers: 'x' } }),
      /cannot unmarshal string into Go struct field PodSpec.spec.containers of type \[\]v1.Container/,
    );
    assert.throws(() => check('ConfigMap', 'io.k8s.api.core.v1.ConfigMap', { data: { a: 1 } }), /Go struct field ConfigMap.data.a of type string/);
    assert.throws(() => check('Deployment', 'io.k8s.api.apps.v1.Deployment', { spec: { replicas: 1.5 } }), /number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32/);
  });

  it('normalizes like Go decoding: nulls go, numeric quantities become strings', () => {
    const pod: Record<string, any> = { metadata: { name: 'p', labels: null, annotations: { a: null } }, spec: { containers: [{ name: 'c', resources: { limits: { cpu: 1 } } }] } };
    check('Pod', 'io.k8s.api.core.v1.Pod', pod);
    assert.equal(pod.metadata.labels, undefined);
    assert.equal(pod.metadata.annotations.a, '');
    assert.equal(pod.spec.containers[0].resources.limits.cpu, '1');
  });

  it('rejects bad base64 in []byte fields', () => {
    assert.throws(() => check('Secret', 'io.k8s.api.core.v1.Secret', { data: { k: 'not base64!' } }), /illegal base64 data/);
    check('Secret', 'io.k8s.api.core.v1.Secret', { data: { k: Buffer.from('v').toString('base64') } });
  });
});
