import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRuntimeContract, sandboxConfig, containerConfig, waitForState, type RuntimeHarness } from './contract.js';
import { FakeRuntime, FakeImageService, interpret } from './fake.js';
import { ImagePullError } from './types.js';

async function makeFake(): Promise<RuntimeHarness & { fake: FakeRuntime }> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-fake-'));
  const fake = new FakeRuntime();
  return {
    fake,
    runtime: fake,
    reopen: async () => fake.reopen(),
    image: 'busybox:latest',
    logDirectory: dir,
    assertClean: async () => {
      assert.equal(fake.state.containers.size, 0);
      assert.equal(fake.state.sandboxes.size, 0);
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

runRuntimeContract('fake', makeFake);

test('interprets the commands the contract uses', () => {
  assert.deepEqual(interpret(['/bin/sh', '-c', 'echo a b; echo e >&2; sleep 2; exit 4']), [
    { kind: 'echo', text: 'a b', stream: 'stdout' }, { kind: 'echo', text: 'e', stream: 'stderr' },
    { kind: 'sleep', seconds: 2 }, { kind: 'exit', code: 4 },
  ]);
  assert.deepEqual(interpret(['/bin/sleep', '5']), [{ kind: 'sleep', seconds: 5 }]);
  assert.equal(interpret(['/usr/bin/nginx', '-g', 'daemon off;']), undefined);
});

test('scripted exits, exec results and stop-signal handling', async () => {
  const h = await makeFake();
  try {
    const rt = h.fake;
    const cfg = sandboxConfig(h);
    const sb = await rt.runPodSandbox(cfg);
    const id = await rt.createContainer(sb, containerConfig(h, 'app', 'run-forever', { command: ['/app'] }), cfg);
    await rt.startContainer(id);
    rt.execHandler = (_id, cmd) => (cmd[0] === 'probe' ? { stdout: Buffer.from('ok'), stderr: Buffer.alloc(0), exitCode: 0 } : undefined);
    assert.equal((await rt.execSync(id, ['probe'], 1)).stdout.toString(), 'ok');
    assert.equal((await rt.execSync(id, ['nope'], 1)).exitCode, 127);
    rt.exitContainer(id, 137, 'OOMKilled');
    const s = await rt.containerStatus(id);
    assert.deepEqual([s.state, s.exitCode, s.reason], ['CONTAINER_EXITED', 137, 'OOMKilled']);
    const graceful = await rt.createContainer(sb, containerConfig(h, 'g', 'sleep 3600'), cfg);
    await rt.startContainer(graceful);
    rt.handleStopSignal(graceful, 0);
    await rt.stopContainer(graceful, 30);
    assert.equal((await rt.containerStatus(graceful)).exitCode, 0);
    const delayed = await rt.createContainer(sb, containerConfig(h, 'd', 'echo x; sleep 0.1; exit 2'), cfg);
    await rt.startContainer(delayed);
    assert.equal((await rt.containerStatus(delayed)).state, 'CONTAINER_RUNNING');
    await waitForState(rt, delayed, 'CONTAINER_EXITED');
    assert.match(await readFile((await rt.containerStatus(delayed)).logPath, 'utf8'), / stdout F x\n$/);
    assert.ok(rt.state.calls.includes(`startContainer ${id}`));
    await rt.removePodSandbox(sb);
  } finally {
    await h.close();
  }
});

test('fake image service', async () => {
  const images = new FakeImageService();
  const id = await images.pullImage({ image: 'nginx:1' });
  assert.match(id, /^sha256:[0-9a-f]{64}$/);
  assert.equal((await images.imageStatus({ image: id }))?.repoTags[0], 'nginx:1');
  images.unpullable.add('missing:1');
  await assert.rejects(images.pullImage({ image: 'missing:1' }), ImagePullError);
  images.addImage('pinned:1', { env: ['A=1'] }, true);
  assert.equal((await images.listImages()).length, 2);
  await images.removeImage({ image: 'nginx:1' });
  assert.equal(await images.imageStatus({ image: 'nginx:1' }), undefined);
  assert.deepEqual(await images.imageFsInfo(), { usedBytes: 1024, inodesUsed: 1 });
});
