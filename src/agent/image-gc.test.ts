import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeImageService } from '../cri/fake.js';
import { ImageGc } from './image-gc.js';

function setup(usedPercent: () => number) {
  const images = new FakeImageService();
  const inUse: string[] = [];
  let now = 1_000_000;
  const gc = new ImageGc({
    path: '/',
    images,
    runtime: { listContainers: async () => inUse.map((imageRef, i) => ({ id: `c${i}`, podSandboxId: 's', metadata: { name: 'c', attempt: 0 }, image: { image: imageRef }, imageRef, state: 'CONTAINER_RUNNING' as const, createdAt: 0, labels: {}, annotations: {} })) },
    usage: async () => ({ capacityBytes: 100 * 1024, usedBytes: usedPercent() * 1024 }),
    now: () => now,
  });
  return { images, inUse, gc, advance: (ms: number) => (now += ms) };
}

test('below the high threshold nothing is removed', async () => {
  const h = setup(() => 84);
  h.images.addImage('a');
  h.advance(600_000);
  assert.deepEqual(await h.gc.run(), []);
  assert.equal(h.images.images.size, 1);
});

test('above it: unused, unpinned, old enough images go, least recently used first, until under the low threshold', async () => {
  let used = 90;
  const h = setup(() => used);
  const old = h.images.addImage('old');
  const recent = h.images.addImage('recent');
  const running = h.images.addImage('running');
  const pinned = h.images.addImage('imported', {}, true);
  h.inUse.push(recent.id, running.id);
  used = 50;
  await h.gc.run(); // first sight of every image; `recent` and `running` are in use
  h.inUse.splice(0, 1); // `recent` no longer used, but was used later than `old`
  h.advance(600_000);
  used = 90;
  // 90% → 80% of 100 KiB: 10 KiB to free; each fake image is 1 KiB, so all candidates go, LRU first.
  const removed = await h.gc.run();
  assert.deepEqual(removed, [old.id, recent.id]);
  assert.ok([...h.images.images.values()].some((i) => i.id === running.id), 'images in use stay');
  assert.ok([...h.images.images.values()].some((i) => i.id === pinned.id), 'imported (pinned) images stay');
});

test('images first seen less than the minimum age ago stay', async () => {
  const h = setup(() => 95);
  h.images.addImage('fresh');
  assert.deepEqual(await h.gc.run(), []);
  h.advance(119_000);
  assert.deepEqual(await h.gc.run(), []);
  h.advance(2_000);
  assert.equal((await h.gc.run()).length, 1);
});
