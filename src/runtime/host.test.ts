import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCgroupMounts, cgroupModeFromMounts, chooseRuntime, detectRuntime, NoRuntimeError } from './host.js';

const hybrid = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw`;
const v2 = `30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot`;
const v1 = `32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory`;

test('parses cgroup mounts from mountinfo', () => {
  const m = parseCgroupMounts(hybrid);
  assert.equal(m.length, 3);
  assert.deepEqual(m[1], { mountPoint: '/sys/fs/cgroup/memory', fsType: 'cgroup', options: ['rw', 'memory'] });
  assert.equal(m[2]!.fsType, 'cgroup2');
});

test('detects v1, v2 and hybrid layouts', () => {
  assert.equal(cgroupModeFromMounts(parseCgroupMounts(hybrid)), 'hybrid');
  assert.equal(cgroupModeFromMounts(parseCgroupMounts(v2)), 'v2');
  assert.equal(cgroupModeFromMounts(parseCgroupMounts(v1)), 'v1');
});

test('chooses crun only on pure v2', () => {
  const both = { runc: '/usr/sbin/runc', crun: '/usr/bin/crun' };
  assert.equal(chooseRuntime('v2', both).name, 'crun');
  const h = chooseRuntime('hybrid', both);
  assert.equal(h.name, 'runc');
  assert.match(h.reason, /crun cannot manage cgroups on a hybrid/);
  assert.equal(chooseRuntime('v1', both).name, 'runc');
  assert.equal(chooseRuntime('v2', { runc: '/r' }).name, 'runc');
  assert.equal(chooseRuntime('hybrid', { crun: '/c' }).name, 'crun');
  assert.throws(() => chooseRuntime('v2', {}), NoRuntimeError);
});

test('detects this host', () => {
  const choice = detectRuntime();
  assert.ok(choice.path.endsWith(choice.name));
  assert.ok(choice.reason.length > 0);
});
