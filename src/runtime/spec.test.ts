import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec, mergeEnv, capabilities, namespaces, bindMount, DEFAULT_CAPABILITIES, ALL_CAPABILITIES, SpecError, type SpecInput } from './spec.js';
import type { ContainerConfig, PodSandboxConfig } from '../cri/types.js';

const sandbox: PodSandboxConfig = { metadata: { name: 'web', uid: 'u1', namespace: 'default', attempt: 0 }, hostname: 'web-0' };
const base: ContainerConfig = { metadata: { name: 'c', attempt: 0 }, image: { image: 'busybox' }, command: ['/bin/sh'], args: ['-c', 'echo hi'] };
const ns = { network: '/run/netns/x', ipc: '/proc/1/ns/ipc', uts: '/proc/1/ns/uts', pid: '/proc/1/ns/pid' };
const input = (config: ContainerConfig, extra: Partial<SpecInput> = {}): SpecInput => ({
  config, sandboxConfig: sandbox, rootfsPath: '/r/rootfs', namespaces: ns, cgroupsPath: '/skiff/pod/c', ...extra,
});

test('a minimal spec follows the OCI runtime spec layout', () => {
  const s = buildSpec(input(base, { imageEnv: ['PATH=/bin', 'A=1'], imageWorkingDir: '/srv' }));
  assert.equal(s.ociVersion, '1.0.2-dev');
  assert.deepEqual(s.process.args, ['/bin/sh', '-c', 'echo hi']);
  assert.deepEqual(s.process.env, ['PATH=/bin', 'A=1', 'HOSTNAME=web-0']);
  assert.equal(s.process.cwd, '/srv');
  assert.deepEqual(s.process.user, { uid: 0, gid: 0 });
  assert.equal(s.process.terminal, false);
  assert.equal(s.process.noNewPrivileges, false);
  assert.deepEqual(s.process.capabilities!.bounding, DEFAULT_CAPABILITIES);
  assert.equal(s.process.rlimits, undefined, 'rlimits are inherited unless given');
  assert.deepEqual(s.root, { path: '/r/rootfs', readonly: false });
  assert.deepEqual(s.mounts.map((m) => m.destination), ['/proc', '/dev', '/dev/pts', '/dev/shm', '/dev/mqueue', '/sys', '/sys/fs/cgroup']);
  assert.ok(s.mounts.find((m) => m.destination === '/sys')!.options!.includes('ro'));
  assert.deepEqual(s.linux.namespaces, [
    { type: 'mount' }, { type: 'pid' }, { type: 'ipc', path: '/proc/1/ns/ipc' }, { type: 'uts', path: '/proc/1/ns/uts' }, { type: 'network', path: '/run/netns/x' },
  ]);
  assert.equal(s.hostname, undefined, 'joined uts namespace keeps the sandbox hostname');
  assert.equal(s.linux.cgroupsPath, '/skiff/pod/c');
  assert.ok(s.linux.maskedPaths!.includes('/proc/kcore'));
  assert.ok(s.linux.readonlyPaths!.includes('/proc/sys'));
  assert.deepEqual(s.linux.resources!.devices, [{ allow: false, access: 'rwm' }]);
});

test('no command is an error', () => {
  assert.throws(() => buildSpec(input({ ...base, command: [], args: [] })), SpecError);
});

test('env: config envs override image env in place, PATH defaulted', () => {
  assert.deepEqual(mergeEnv(['A=1', 'B=2'], [{ key: 'B', value: '3' }, { key: 'C', value: 'x=y' }]), ['A=1', 'B=3', 'C=x=y']);
  const s = buildSpec(input(base));
  assert.match(s.process.env[0]!, /^PATH=\/usr\/local\/sbin/);
});

test('user: runAsUser/runAsGroup override the image user; supplemental groups', () => {
  const cfg: ContainerConfig = { ...base, linux: { securityContext: { runAsUser: 1000, supplementalGroups: [5, 7] } } };
  const s = buildSpec(input(cfg, { imageUser: { uid: 10, gid: 20 }, sandboxConfig: { ...sandbox, linux: { securityContext: { supplementalGroups: [7, 9] } } } }));
  assert.deepEqual(s.process.user, { uid: 1000, gid: 20, additionalGids: [7, 9, 5] });
});

test('capabilities: add, drop, ALL, ambient, privileged', () => {
  const c = (cap: NonNullable<NonNullable<ContainerConfig['linux']>['securityContext']>) => capabilities({ ...base, linux: { securityContext: cap } });
  const added = c({ capabilities: { addCapabilities: ['NET_ADMIN'], dropCapabilities: ['KILL', 'cap_chown'] } });
  assert.ok(added.bounding.includes('CAP_NET_ADMIN'));
  assert.ok(!added.bounding.includes('CAP_KILL'));
  assert.ok(!added.bounding.includes('CAP_CHOWN'));
  assert.deepEqual(c({ capabilities: { dropCapabilities: ['ALL'], addCapabilities: ['NET_BIND_SERVICE'] } }).effective, ['CAP_NET_BIND_SERVICE']);
  assert.deepEqual(c({ capabilities: { addCapabilities: ['ALL'] } }).permitted.length, ALL_CAPABILITIES.length);
  assert.deepEqual(c({ privileged: true }).bounding, ALL_CAPABILITIES);
  const amb = c({ capabilities: { addAmbientCapabilities: ['NET_RAW'] } });
  assert.deepEqual(amb.ambient, ['CAP_NET_RAW']);
  assert.deepEqual(amb.inheritable, ['CAP_NET_RAW']);
});

test('privileged: rw sys, no masked paths, all devices', () => {
  const s = buildSpec(input({ ...base, linux: { securityContext: { privileged: true } } }));
  assert.ok(s.mounts.find((m) => m.destination === '/sys')!.options!.includes('rw'));
  assert.deepEqual(s.linux.maskedPaths, []);
  assert.deepEqual(s.linux.readonlyPaths, []);
  assert.deepEqual(s.linux.resources!.devices, [{ allow: true, access: 'rwm' }]);
});

test('bind mounts: rbind, ro, propagation; rootfs propagation follows', () => {
  assert.deepEqual(bindMount({ containerPath: '/data', hostPath: '/h', readonly: true }), { destination: '/data', type: 'bind', source: '/h', options: ['rbind', 'ro', 'rprivate'] });
  const cfg: ContainerConfig = { ...base, mounts: [
    { containerPath: '/a', hostPath: '/ha', propagation: 'PROPAGATION_HOST_TO_CONTAINER' },
    { containerPath: '/dev/shm', hostPath: '/pod/shm' },
  ] };
  const s = buildSpec(input(cfg));
  assert.deepEqual(s.mounts.find((m) => m.destination === '/a')!.options, ['rbind', 'rw', 'rslave']);
  assert.equal(s.mounts.filter((m) => m.destination === '/dev/shm').length, 1, 'a bind over a default mount replaces it');
  assert.equal(s.mounts.find((m) => m.destination === '/dev/shm')!.source, '/pod/shm');
  assert.equal(s.linux.rootfsPropagation, 'rslave');
  const bi = buildSpec(input({ ...base, mounts: [{ containerPath: '/b', hostPath: '/hb', propagation: 'PROPAGATION_BIDIRECTIONAL' }] }));
  assert.equal(bi.linux.rootfsPropagation, 'rshared');
  assert.throws(() => bindMount({ containerPath: 'rel', hostPath: '/x' }), SpecError);
});

test('namespaces: host network, pod pid, target pid', () => {
  const host = namespaces({ ...base, linux: { securityContext: { namespaceOptions: { network: 'NODE', pid: 'NODE', ipc: 'NODE' } } } }, sandbox, ns);
  assert.deepEqual(host, [{ type: 'mount' }]);
  const pod = namespaces({ ...base, linux: { securityContext: { namespaceOptions: { pid: 'POD' } } } }, sandbox, ns);
  assert.deepEqual(pod[1], { type: 'pid', path: '/proc/1/ns/pid' });
  const target = namespaces({ ...base, linux: { securityContext: { namespaceOptions: { pid: 'TARGET' } } } }, sandbox, { ...ns, targetPid: '/proc/9/ns/pid' });
  assert.deepEqual(target[1], { type: 'pid', path: '/proc/9/ns/pid' });
  assert.throws(() => namespaces({ ...base, linux: { securityContext: { namespaceOptions: { pid: 'TARGET' } } } }, sandbox, ns), SpecError);
  const own = buildSpec(input(base, { namespaces: {} }));
  assert.equal(own.hostname, 'web-0', 'a new uts namespace gets the pod hostname');
});

test('resources, sysctls, devices, tty, readonly root, oom score', () => {
  const cfg: ContainerConfig = { ...base, tty: true,
    linux: { resources: { cpuShares: 512, cpuQuota: 50000, cpuPeriod: 100000, memoryLimitInBytes: 64 << 20, oomScoreAdj: 999, unified: { 'pids.max': '100' } },
      securityContext: { readonlyRootfs: true, noNewPrivs: true } } };
  const s = buildSpec(input(cfg, {
    sandboxConfig: { ...sandbox, linux: { sysctls: { 'net.ipv4.ip_forward': '1' } } },
    devices: [{ path: '/dev/fuse', type: 'c', major: 10, minor: 229 }],
    rlimits: [{ type: 'RLIMIT_NOFILE', hard: 4096, soft: 1024 }],
  }));
  assert.deepEqual(s.process.rlimits, [{ type: 'RLIMIT_NOFILE', hard: 4096, soft: 1024 }]);
  assert.deepEqual(s.linux.resources!.cpu, { shares: 512, quota: 50000, period: 100000 });
  assert.deepEqual(s.linux.resources!.memory, { limit: 64 << 20 });
  assert.deepEqual(s.linux.resources!.unified, { 'pids.max': '100' });
  assert.deepEqual(s.linux.resources!.devices![1], { allow: true, type: 'c', major: 10, minor: 229, access: 'rwm' });
  assert.deepEqual(s.linux.devices, [{ path: '/dev/fuse', type: 'c', major: 10, minor: 229 }]);
  assert.deepEqual(s.linux.sysctl, { 'net.ipv4.ip_forward': '1' });
  assert.equal(s.process.terminal, true);
  assert.equal(s.process.noNewPrivileges, true);
  assert.equal(s.process.oomScoreAdj, 999);
  assert.equal(s.root.readonly, true);
});
