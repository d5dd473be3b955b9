import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types.js';
import { defaultIngressClass } from './default-ingress-class.js';

const cls = (name: string, created: string, isDefault: boolean): KubeObject => ({
  metadata: { name, creationTimestamp: created, annotations: isDefault ? { 'ingressclass.kubernetes.io/is-default-class': 'true' } : ({} as Record<string, string>) },
});

test('the default IngressClass: annotated ones only, the newest wins', () => {
  assert.equal(defaultIngressClass([cls('a', '2026-01-01T00:00:00Z', false)]), undefined);
  assert.equal(defaultIngressClass([cls('a', '2026-01-01T00:00:00Z', true), cls('b', '2026-02-01T00:00:00Z', true), cls('c', '2026-03-01T00:00:00Z', false)]), 'b');
});
