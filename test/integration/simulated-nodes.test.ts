// Simulated nodes (KWOK-style) through the real kubectl: nodes Ready, pods
// scheduled onto them turn Running without containers, deletes complete, and
// `skiff agent --simulate N` adds nodes from a separate process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { SKIFF_BIN, kubectl, kubectlJson, kubectlOk, useSkiff, waitFor } from '../helpers/cluster.js';

const c = useSkiff({ scheduler: true, args: ['--simulate-nodes', '2'] });

test('simulated nodes are Ready and run scheduled pods without containers', async () => {
  const nodes = kubectlOk(c(), ['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status} {end}']);
  assert.deepEqual(nodes.trim().split(' ').sort(), ['sim-node-0=True', 'sim-node-1=True']);
  kubectlOk(c(), ['run', 'sim-a', '--image=busybox', '--restart=Never']);
  kubectlOk(c(), ['wait', '--for=condition=Ready', 'pod/sim-a', '--timeout=20s']);
  const pod = kubectlJson(c(), ['get', 'pod', 'sim-a']);
  assert.match(pod.spec.nodeName, /^sim-node-[01]$/);
  assert.equal(pod.status.phase, 'Running');
  assert.ok(pod.status.podIP, 'a pod IP from the node subnet');
  kubectlOk(c(), ['delete', 'pod', 'sim-a', '--wait=true', '--timeout=20s']);
  assert.notEqual(kubectl(c(), ['get', 'pod', 'sim-a']).code, 0);
});

test('skiff agent --simulate N registers more nodes from its own process', async () => {
  const proc = spawn(SKIFF_BIN, ['agent', '--server', c().url, '--simulate', '2', '--node-name', 'extra'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await waitFor(c, () => `skiff agent --simulate to report its nodes up:\n${out}`, () => /simulated nodes are up/.test(out), 15000);
    const names = kubectlOk(c(), ['get', 'nodes', '-o', 'name']).trim().split('\n').sort();
    assert.deepEqual(names, ['node/extra-0', 'node/extra-1', 'node/sim-node-0', 'node/sim-node-1']);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
});
