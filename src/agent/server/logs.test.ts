import assert from 'node:assert/strict';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { logLine, setup, type Fixture } from './test-setup.js';

let f: Fixture;
before(async () => (f = await setup()));
after(() => f.stop());

async function get(path: string): Promise<{ status: number; body: string }> {
  const r = await fetch(`http://${f.base}${path}`);
  return { status: r.status, body: await r.text() };
}

test('whole log: content only, partial lines joined', async () => {
  assert.deepEqual(await get('/containerLogs/default/web/app'), { status: 200, body: 'one\ntwo\nthree\n' });
});

test('timestamps, tail, since, limitBytes', async () => {
  assert.equal(
    (await get('/containerLogs/default/web/app?timestamps=true&tailLines=2')).body,
    '2024-01-01T00:00:02.000000000Z two\n2024-01-01T00:00:03.000000000Z three\n',
  );
  assert.equal((await get('/containerLogs/default/web/app?tailLines=0')).body, '');
  assert.equal((await get('/containerLogs/default/web/app?sinceTime=2024-01-01T00:00:02Z')).body, 'two\nthree\n');
  assert.equal((await get('/containerLogs/default/web/app?limitBytes=6')).body, 'one\ntw');
});

test('previous attempt, and its absence', async () => {
  assert.equal((await get('/containerLogs/default/web/app?previous=true')).body, 'old run\n');
  const r = await get('/containerLogs/default/web/side?previous=true');
  assert.equal(r.status, 400);
  assert.equal(r.body, 'previous terminated container "side" in pod "web" not found');
  assert.equal((await get('/containerLogs/default/web/nope')).status, 404);
});

test('follow streams appends across a rotation and ends when the container exits', async () => {
  const res = await fetch(`http://${f.base}/containerLogs/default/web/side?follow=true`);
  const reader = res.body!.getReader();
  let text = '';
  const readUntil = async (want: string): Promise<void> => {
    while (!text.includes(want)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before ${JSON.stringify(want)}; got ${JSON.stringify(text)}`);
      text += Buffer.from(value).toString();
    }
  };
  appendFileSync(f.sidecar.logPath, logLine('2024-01-01T00:00:05Z', 'stdout', 'first'));
  await readUntil('first\n');
  // Rotation as conmon/kubelet do it: rename, write the tail of the old file, new file at the path.
  renameSync(f.sidecar.logPath, f.sidecar.logPath + '.20240101');
  appendFileSync(f.sidecar.logPath + '.20240101', logLine('2024-01-01T00:00:06Z', 'stdout', 'late'));
  writeFileSync(f.sidecar.logPath, logLine('2024-01-01T00:00:07Z', 'stdout', 'rotated'));
  await readUntil('rotated\n');
  f.sidecar.state = 'CONTAINER_EXITED';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString();
  }
  assert.equal(text, 'first\nlate\nrotated\n');
});
