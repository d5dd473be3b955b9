// Service environment variables as kubelet writes them (pkg/kubelet/envvars,
// getServiceEnvVarMap), and their place in a container's environment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeEnvironment } from './env.js';
import type { ObjectSource } from './object-source.js';
import { serviceEnvMap, serviceEnvVars } from './service-env.js';
import type { Pod, Service } from './types.js';

const svc = (namespace: string, name: string, clusterIP: string | undefined, ports: Array<{ name?: string; port: number; protocol?: string }>): Service =>
  ({ metadata: { namespace, name }, spec: { clusterIP, ports } }) as Service;

const SERVICES: Service[] = [
  svc('default', 'kubernetes', '10.43.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]),
  svc('ns1', 'test', '1.2.3.3', [{ port: 8083, protocol: 'TCP' }]),
  svc('ns1', 'my-dns', '1.2.3.4', [{ name: 'dns-udp', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }]),
  svc('ns1', 'headless', 'None', [{ port: 80 }]),
  svc('ns1', 'external', undefined, []),
  svc('ns2', 'elsewhere', '1.2.3.5', [{ port: 80 }]),
];

const pod = (namespace: string, enableServiceLinks?: boolean): Pod => ({ metadata: { namespace, name: 'p' }, spec: { containers: [], ...(enableServiceLinks === undefined ? {} : { enableServiceLinks }) } }) as Pod;

describe('service environment variables', () => {
  it('writes upstream names and values for one service', () => {
    assert.deepEqual(serviceEnvVars([SERVICES[1]!]), [
      ['TEST_SERVICE_HOST', '1.2.3.3'],
      ['TEST_SERVICE_PORT', '8083'],
      ['TEST_PORT', 'tcp://1.2.3.3:8083'],
      ['TEST_PORT_8083_TCP', 'tcp://1.2.3.3:8083'],
      ['TEST_PORT_8083_TCP_PROTO', 'tcp'],
      ['TEST_PORT_8083_TCP_PORT', '8083'],
      ['TEST_PORT_8083_TCP_ADDR', '1.2.3.3'],
    ]);
  });

  it('names ports, per protocol, with dashes as underscores', () => {
    const m = new Map(serviceEnvVars([SERVICES[2]!]));
    assert.equal(m.get('MY_DNS_SERVICE_PORT'), '53');
    assert.equal(m.get('MY_DNS_SERVICE_PORT_DNS_UDP'), '53');
    assert.equal(m.get('MY_DNS_SERVICE_PORT_DNS_TCP'), '53');
    assert.equal(m.get('MY_DNS_PORT'), 'udp://1.2.3.4:53');
    assert.equal(m.get('MY_DNS_PORT_53_UDP_PROTO'), 'udp');
    assert.equal(m.get('MY_DNS_PORT_53_TCP'), 'tcp://1.2.3.4:53');
  });

  it('gives a pod its namespace services with cluster IPs, plus kubernetes from default', () => {
    const m = serviceEnvMap(pod('ns1'), SERVICES);
    assert.equal(m.get('KUBERNETES_SERVICE_HOST'), '10.43.0.1');
    assert.equal(m.get('KUBERNETES_SERVICE_PORT'), '443');
    assert.equal(m.get('KUBERNETES_SERVICE_PORT_HTTPS'), '443');
    assert.equal(m.get('KUBERNETES_PORT_443_TCP'), 'tcp://10.43.0.1:443');
    assert.equal(m.get('TEST_SERVICE_HOST'), '1.2.3.3');
    assert.equal(m.has('HEADLESS_SERVICE_HOST'), false);
    assert.equal(m.has('EXTERNAL_SERVICE_HOST'), false);
    assert.equal(m.has('ELSEWHERE_SERVICE_HOST'), false);
  });

  it('with enableServiceLinks false, only the master service', () => {
    const names = [...serviceEnvMap(pod('ns1', false), SERVICES).keys()];
    assert.ok(names.length > 0);
    assert.ok(names.every((n) => n.startsWith('KUBERNETES_')), names.join(' '));
  });

  it('in a container: expandable, overridden by declared variables, appended after them', async () => {
    const source: ObjectSource = { getConfigMap: async () => undefined, getSecret: async () => undefined, listServices: async () => SERVICES };
    const env = await makeEnvironment({
      pod: pod('ns1'),
      container: { name: 'c', env: [{ name: 'URL', value: 'http://$(TEST_SERVICE_HOST):$(TEST_SERVICE_PORT)/' }, { name: 'TEST_SERVICE_PORT', value: '9999' }] },
      node: { cpu: 1, memory: 1, 'ephemeral-storage': 0 },
      source,
      podIPs: [],
      hostIPs: [],
    } as never);
    const keys = [...env.keys()];
    assert.deepEqual(keys.slice(0, 2), ['URL', 'TEST_SERVICE_PORT']);
    assert.equal(env.get('URL'), 'http://1.2.3.3:8083/');
    assert.equal(env.get('TEST_SERVICE_PORT'), '9999');
    assert.equal(env.get('KUBERNETES_SERVICE_HOST'), '10.43.0.1');
    assert.deepEqual(keys.slice(2), [...keys.slice(2)].sort());
  });
});
