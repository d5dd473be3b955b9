import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeProtobufObject } from './index.js';
import { KUBECTL_FIXTURES } from './kubectl-fixtures.js';

describe('decodeProtobufObject on bodies kubectl 1.32 sends', () => {
  for (const f of KUBECTL_FIXTURES) {
    it(f.what, () => {
      assert.deepEqual(decodeProtobufObject(Buffer.from(f.hex, 'hex')), f.json);
    });
  }

  it('decodes `kubectl create configmap foo --from-literal=a=b` exactly', () => {
    const hex =
      '6b3873000a0f0a0276311209436f6e6669674d6170121d0a130a03666f6f12001a0022002a00320038004200' +
      '12060a01611201621a002200';
    assert.deepEqual(decodeProtobufObject(Buffer.from(hex, 'hex')), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'foo' },
      data: { a: 'b' },
    });
  });

  it('decodes `kubectl create deployment foo --image=nginx` exactly', () => {
    const f = KUBECTL_FIXTURES.find((x) => x.what.includes('(Deployment/foo)'));
    assert.ok(f);
    assert.deepEqual(decodeProtobufObject(Buffer.from(f.hex, 'hex')), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'foo', namespace: 'default', labels: { app: 'foo' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'foo' } },
        template: {
          metadata: { labels: { app: 'foo' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    });
  });

  it('keeps a pointer field that is present with a zero value (job --from: backoffLimit 0)', () => {
    const f = KUBECTL_FIXTURES.find((x) => x.what.includes('(Job/j2)'));
    assert.ok(f);
    const job = decodeProtobufObject(Buffer.from(f.hex, 'hex')) as { spec: { backoffLimit?: number } };
    assert.equal(job.spec.backoffLimit, 0);
  });

  it('turns Secret data bytes into base64 (including non-UTF-8 bytes)', () => {
    const f = KUBECTL_FIXTURES.find((x) => x.what.includes('(Secret/s2)'));
    assert.ok(f);
    const s = decodeProtobufObject(Buffer.from(f.hex, 'hex')) as { data: Record<string, string> };
    assert.equal(Buffer.from(s.data['password']!, 'base64').toString('latin1'), 'p\x01w');
  });
});
