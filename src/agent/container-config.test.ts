import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Image } from '../cri/types.js';
import { generateContainerConfig, type ContainerConfigInput } from './container-config.js';
import { CreateContainerConfigError } from './errors.js';
import type { ObjectSource } from './object-source.js';
import type { ConfigMap, Pod, Secret, V1Container } from './types.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const source: ObjectSource = {
  async getConfigMap(_ns, name) {
    return name === 'cm' ? ({ metadata: { name }, data: { color: 'blue', 'bad key': 'x', size: '3' } } as ConfigMap) : undefined;
  },
  async getSecret(_ns, name) {
    return name === 'sec' ? ({ metadata: { name }, data: { password: b64('hunter2') } } as Secret) : undefined;
  },
};
const image: Image = { id: 'sha256:img', repoTags: ['busybox:1'], repoDigests: [], size: 1, spec: { image: 'busybox:1' }, pinned: false, config: { entrypoint: ['/entry'], cmd: ['default-arg'], env: ['PATH=/bin'], workingDir: '/w' } };
const pod: Pod = {
  metadata: { name: 'p', namespace: 'ns', uid: 'u-1', labels: { app: 'web' }, annotations: { note: 'hi' } },
  spec: { nodeName: 'n1', serviceAccountName: 'sa', containers: [] },
};

async function config(c: V1Container, extra: Partial<ContainerConfigInput> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-cc-'));
  try {
    const invalid: string[] = [];
    const cfg = await generateContainerConfig({
      pod, container: c, kind: 'app', restartCount: 2, image, dataDir, memoryCapacity: 2 ** 32, volumes: new Map(),
      podIPs: ['10.1.0.7'], hostIPs: ['192.168.1.2'], node: { cpu: 4, memory: 2 ** 32, 'ephemeral-storage': 0 }, source,
      onInvalidKeys: (m) => invalid.push(m), ...extra,
    });
    return { cfg, invalid, env: Object.fromEntries((cfg.envs ?? []).map((e) => [e.key, e.value])) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

test('entrypoint/cmd merge with command and args', async () => {
  assert.deepEqual((await config({ name: 'c' })).cfg.command, ['/entry']);
  assert.deepEqual((await config({ name: 'c' })).cfg.args, ['default-arg']);
  const a = (await config({ name: 'c', args: ['x'] })).cfg;
  assert.deepEqual([a.command, a.args], [['/entry'], ['x']]);
  const b = (await config({ name: 'c', command: ['/bin/sh'] })).cfg;
  assert.deepEqual([b.command, b.args], [['/bin/sh'], []]);
});

test('env: values, $(VAR) expansion, fieldRef, resourceFieldRef, configMap/secret refs, envFrom', async () => {
  const { cfg, env, invalid } = await config({
    name: 'c',
    command: ['echo', '$(GREETING)', '$$(GREETING)'],
    envFrom: [{ configMapRef: { name: 'cm' }, prefix: 'CM_' }],
    env: [
      { name: 'NAME', value: 'world' },
      { name: 'GREETING', value: 'hello $(NAME) $(MISSING)' },
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
      { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      { name: 'NOTE', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['note']" } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
      { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      { name: 'MEM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cm', key: 'color' } } },
      { name: 'PW', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
      { name: 'OPT', valueFrom: { secretKeyRef: { name: 'nosuch', key: 'k', optional: true } } },
    ],
    resources: { limits: { memory: '64Mi' } },
  });
  assert.equal(env.GREETING, 'hello world $(MISSING)');
  assert.deepEqual(cfg.command, ['echo', 'hello world $(MISSING)', '$(GREETING)']);
  assert.equal(env.POD, 'p');
  assert.equal(env.NS, 'ns');
  assert.equal(env.UID, 'u-1');
  assert.equal(env.APP, 'web');
  assert.equal(env.NOTE, 'hi');
  assert.equal(env.NODE, 'n1');
  assert.equal(env.SA, 'sa');
  assert.equal(env.HOST_IP, '192.168.1.2');
  assert.equal(env.POD_IP, '10.1.0.7');
  assert.equal(env.CPU_LIMIT, '4'); // node allocatable when unset
  assert.equal(env.MEM_MI, '64');
  assert.equal(env.COLOR, 'blue');
  assert.equal(env.PW, 'hunter2');
  assert.equal('OPT' in env, false);
  assert.equal(env.CM_color, 'blue');
  assert.equal(env.CM_size, '3');
  assert.equal(env.PATH, '/bin');
  assert.deepEqual(invalid, ['Keys [CM_bad key] from the EnvFrom configMap ns/cm were skipped since they are considered invalid environment variable names.']);
});

test('missing references are CreateContainerConfigError with upstream messages', async () => {
  await assert.rejects(config({ name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'nope' } } }] }),
    (e: Error) => e instanceof CreateContainerConfigError && e.message === "couldn't find key nope in ConfigMap ns/cm");
  await assert.rejects(config({ name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'gone', key: 'k' } } }] }),
    (e: Error) => e instanceof CreateContainerConfigError && e.message === 'secret "gone" not found');
  await assert.rejects(config({ name: 'c', securityContext: { runAsNonRoot: true } }),
    (e: Error) => e instanceof CreateContainerConfigError && e.message === 'container has runAsNonRoot and image will run as root (pod: "p_ns(u-1)", container: c)');
});

test('security context, resources, labels and mounts', async () => {
  const { cfg } = await config({
    name: 'c',
    workingDir: '/data',
    resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '500m', memory: '2Gi' } },
    securityContext: { runAsUser: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } },
  });
  assert.equal(cfg.workingDir, '/data');
  const r = cfg.linux!.resources!;
  assert.deepEqual([r.cpuShares, r.cpuQuota, r.cpuPeriod, r.memoryLimitInBytes], [256, 50000, 100000, 2 * 2 ** 30]);
  const sc = cfg.linux!.securityContext!;
  assert.equal(sc.runAsUser, 1000);
  assert.equal(sc.readonlyRootfs, true);
  assert.equal(sc.noNewPrivs, true);
  assert.deepEqual(sc.capabilities, { addCapabilities: ['CAP_NET_ADMIN'], dropCapabilities: ['ALL'] });
  assert.equal(cfg.labels!['io.kubernetes.pod.uid'], 'u-1');
  assert.equal(cfg.labels!['io.kubernetes.container.name'], 'c');
  assert.equal(cfg.annotations!['io.kubernetes.container.restartCount'], '2');
  assert.equal(cfg.logPath, 'c/2.log');
  assert.ok(cfg.mounts!.some((m) => m.containerPath === '/dev/termination-log'));
  await assert.rejects(config({ name: 'c', volumeMounts: [{ name: 'v', mountPath: '/v' }] }), /cannot find volume "v" to mount into container "c"/);
});
