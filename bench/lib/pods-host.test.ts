import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrsOverlap, parseCidr } from '../../src/network/cidr.js';
import { freeClusterCidr, NoFreeCidrError } from './pods-host.js';

test('freeClusterCidr picks a 10.150-249.0.0/16 that overlaps no taken range', () => {
  const taken = ['10.0.0.0/9', '10.200.3.0/24', '192.168.1.7/32'];
  for (let i = 0; i < 50; i++) {
    const c = freeClusterCidr(taken);
    assert.match(c, /^10\.(1[5-9]\d|2[0-4]\d)\.0\.0\/16$/);
    assert.ok(!taken.some((t) => cidrsOverlap(parseCidr(t, false), parseCidr(c))), `${c} overlaps`);
  }
});

test('freeClusterCidr gives up when all of 10/8 is taken', () => {
  assert.throws(() => freeClusterCidr(['10.0.0.0/8']), NoFreeCidrError);
});

test('cpuTimes reads this process\'s CPU use, which grows with work', async () => {
  const { cpuTimes } = await import('./pods-host.js');
  const before = cpuTimes(process.pid);
  const end = Date.now() + 60;
  while (Date.now() < end) Math.sqrt(Math.random());
  const after = cpuTimes(process.pid);
  assert.ok(after.selfMs >= before.selfMs + 10, `${before.selfMs} -> ${after.selfMs}`);
  assert.ok(after.childrenMs >= 0);
});
