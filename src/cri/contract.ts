// The shared RuntimeService contract: one suite run against the fake
// (fake.test.ts) and the built-in OCI runtime (src/runtime/runtime.test.ts).
// Commands stay within what the fake interprets: `sh -c` with echo, sleep, exit.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RuntimeService, PodSandboxConfig, ContainerConfig, ContainerState } from './types.js';
import { NotFoundError, CriError } from './types.js';

export interface RuntimeHarness {
  runtime: RuntimeService;
  /** A new runtime instance over the same state (an agent restart). */
  reopen(): Promise<RuntimeService>;
  /** An image reference the runtime can run busybox-like commands from. */
  image: string;
  /** A fresh directory for pod logs. */
  logDirectory: string;
  /** Asserts nothing of the runtime's is left on the host (mounts, netns, processes). */
  assertClean(): Promise<void>;
  close(): Promise<void>;
}

export type MakeHarness = () => Promise<RuntimeHarness>;

let seq = 0;

export function sandboxConfig(h: RuntimeHarness, labels: Record<string, string> = {}): PodSandboxConfig {
  const n = ++seq;
  return {
    metadata: { name: `pod-${n}`, uid: `uid-${n}-${Math.random().toString(36).slice(2)}`, namespace: 'default', attempt: 0 },
    hostname: `pod-${n}`,
    logDirectory: join(h.logDirectory, `pod-${n}`),
    labels: { app: 'contract', ...labels },
    annotations: { 'skiff.test/n': String(n) },
  };
}

export function containerConfig(h: RuntimeHarness, name: string, script: string, extra: Partial<ContainerConfig> = {}): ContainerConfig {
  return {
    metadata: { name, attempt: 0 },
    image: { image: h.image },
    command: ['/bin/sh', '-c', script],
    logPath: `${name}/0.log`,
    labels: { container: name },
    ...extra,
  };
}

export async function waitForState(rt: RuntimeService, id: string, state: ContainerState, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await rt.containerStatus(id);
    if (s.state === state) return;
    if (Date.now() > end) assert.fail(`container ${id} stayed ${s.state}, wanted ${state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const CRI_LOG_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) (stdout|stderr) [PF] .*$/;

export function runRuntimeContract(name: string, make: MakeHarness): void {
  describe(`RuntimeService contract: ${name}`, () => {
    const withHarness = (title: string, fn: (h: RuntimeHarness) => Promise<void>) =>
      it(title, async () => {
        const h = await make();
        try {
          await fn(h);
        } finally {
          await h.close();
        }
      });

    withHarness('reports a version', async (h) => {
      const v = await h.runtime.version();
      assert.equal(v.runtimeApiVersion, 'v1');
      assert.ok(v.runtimeName.length > 0);
      await h.assertClean();
    });

    withHarness('runs, stops and removes a pod sandbox', async (h) => {
      const rt = h.runtime;
      const cfg = sandboxConfig(h, { tier: 'web' });
      const id = await rt.runPodSandbox(cfg);
      const st = await rt.podSandboxStatus(id);
      assert.equal(st.state, 'SANDBOX_READY');
      assert.deepEqual(st.metadata, cfg.metadata);
      assert.equal(st.labels.tier, 'web');
      assert.equal(st.annotations['skiff.test/n'], cfg.annotations!['skiff.test/n']);
      assert.ok(st.createdAt > 0);
      assert.deepEqual((await rt.listPodSandbox({ labelSelector: { tier: 'web' } })).map((s) => s.id), [id]);
      assert.deepEqual(await rt.listPodSandbox({ labelSelector: { tier: 'db' } }), []);
      assert.deepEqual((await rt.listPodSandbox({ id: id.slice(0, 12) })).map((s) => s.id), [id]);
      await rt.stopPodSandbox(id);
      assert.equal((await rt.podSandboxStatus(id)).state, 'SANDBOX_NOTREADY');
      assert.deepEqual((await rt.listPodSandbox({ state: 'SANDBOX_NOTREADY' })).map((s) => s.id), [id]);
      assert.deepEqual(await rt.listPodSandbox({ state: 'SANDBOX_READY' }), []);
      await rt.stopPodSandbox(id);
      await rt.removePodSandbox(id);
      await rt.removePodSandbox(id);
      assert.deepEqual(await rt.listPodSandbox(), []);
      await assert.rejects(rt.podSandboxStatus(id), NotFoundError);
      await h.assertClean();
    });

    withHarness('runs a container to completion: exit code, reason, CRI log', async (h) => {
      const rt = h.runtime;
      const cfg = sandboxConfig(h);
      const sb = await rt.runPodSandbox(cfg);
      const id = await rt.createContainer(sb, containerConfig(h, 'job', 'echo out; echo err >&2; exit 3'), cfg);
      const created = await rt.containerStatus(id);
      assert.equal(created.state, 'CONTAINER_CREATED');
      assert.equal(created.podSandboxId, sb);
      assert.equal(created.metadata.name, 'job');
      assert.equal(created.logPath, join(cfg.logDirectory!, 'job/0.log'));
      await rt.startContainer(id);
      await waitForState(rt, id, 'CONTAINER_EXITED');
      const s = await rt.containerStatus(id);
      assert.equal(s.exitCode, 3);
      assert.equal(s.reason, 'Error');
      assert.ok(s.startedAt > 0 && s.finishedAt >= s.startedAt, 'startedAt <= finishedAt');
      const lines = (await readFile(s.logPath, 'utf8')).split('\n').filter(Boolean);
      for (const l of lines) assert.match(l, CRI_LOG_LINE);
      assert.ok(lines.some((l) => / stdout F out$/.test(l)), 'stdout line');
      assert.ok(lines.some((l) => / stderr F err$/.test(l)), 'stderr line');
      const ok = await rt.createContainer(sb, containerConfig(h, 'ok', 'exit 0'), cfg);
      await rt.startContainer(ok);
      await waitForState(rt, ok, 'CONTAINER_EXITED');
      assert.equal((await rt.containerStatus(ok)).reason, 'Completed');
      await assert.rejects(rt.startContainer(ok), CriError, 'an exited container cannot start again');
      await rt.removeContainer(id);
      await rt.removeContainer(ok);
      await rt.removePodSandbox(sb);
      await h.assertClean();
    });

    withHarness('stops a running container: SIGTERM ignored, SIGKILL after the timeout', async (h) => {
      const rt = h.runtime;
      const cfg = sandboxConfig(h);
      const sb = await rt.runPodSandbox(cfg);
      const id = await rt.createContainer(sb, containerConfig(h, 'sleeper', 'sleep 3600'), cfg);
      await rt.startContainer(id);
      assert.equal((await rt.containerStatus(id)).state, 'CONTAINER_RUNNING');
      const t0 = Date.now();
      await rt.stopContainer(id, 1);
      const s = await rt.containerStatus(id);
      assert.equal(s.state, 'CONTAINER_EXITED');
      assert.equal(s.exitCode, 137);
      assert.ok(Date.now() - t0 >= 900, 'waited for the stop timeout');
      await rt.stopContainer(id, 1);
      await rt.removePodSandbox(sb);
      await assert.rejects(rt.containerStatus(id), NotFoundError, 'removing the sandbox removes its containers');
      await h.assertClean();
    });

    withHarness('execSync runs commands in a running container', async (h) => {
      const rt = h.runtime;
      const cfg = sandboxConfig(h);
      const sb = await rt.runPodSandbox(cfg);
      const id = await rt.createContainer(sb, containerConfig(h, 'svc', 'sleep 3600'), cfg);
      await assert.rejects(rt.execSync(id, ['echo', 'hi'], 5), CriError, 'not running yet');
      await rt.startContainer(id);
      const r = await rt.execSync(id, ['echo', 'hi'], 5);
      assert.equal(r.stdout.toString(), 'hi\n');
      assert.equal(r.exitCode, 0);
      const e = await rt.execSync(id, ['/bin/sh', '-c', 'echo bad >&2; exit 5'], 5);
      assert.equal(e.exitCode, 5);
      assert.equal(e.stderr.toString(), 'bad\n');
      const chunks: Buffer[] = [];
      const code = await rt.exec(id, ['echo', 'streamed'], { stdout: { write: (b: Buffer) => (chunks.push(Buffer.from(b)), true) } as unknown as NodeJS.WritableStream });
      assert.equal(code, 0);
      assert.equal(Buffer.concat(chunks).toString(), 'streamed\n');
      await rt.stopContainer(id, 0);
      await assert.rejects(rt.execSync(id, ['echo', 'hi'], 5), CriError, 'exited');
      await rt.removePodSandbox(sb);
      await h.assertClean();
    });

    withHarness('lists containers with filters', async (h) => {
      const rt = h.runtime;
      const c1 = sandboxConfig(h);
      const c2 = sandboxConfig(h);
      const [sb1, sb2] = [await rt.runPodSandbox(c1), await rt.runPodSandbox(c2)];
      const a = await rt.createContainer(sb1, containerConfig(h, 'a', 'sleep 3600'), c1);
      const b = await rt.createContainer(sb1, containerConfig(h, 'b', 'exit 0'), c1);
      const c = await rt.createContainer(sb2, containerConfig(h, 'c', 'sleep 3600'), c2);
      await rt.startContainer(a);
      await rt.startContainer(b);
      await waitForState(rt, b, 'CONTAINER_EXITED');
      const ids = async (f: Parameters<RuntimeService['listContainers']>[0]) => (await rt.listContainers(f)).map((x) => x.id).sort();
      assert.deepEqual(await ids(undefined), [a, b, c].sort());
      assert.deepEqual(await ids({ podSandboxId: sb1 }), [a, b].sort());
      assert.deepEqual(await ids({ state: 'CONTAINER_RUNNING' }), [a]);
      assert.deepEqual(await ids({ state: 'CONTAINER_CREATED' }), [c]);
      assert.deepEqual(await ids({ labelSelector: { container: 'b' } }), [b]);
      assert.deepEqual(await ids({ id: c.slice(0, 10) }), [c]);
      assert.deepEqual(await ids({ podSandboxId: sb2, state: 'CONTAINER_RUNNING' }), []);
      const listed = (await rt.listContainers({ id: a }))[0]!;
      assert.equal(listed.podSandboxId, sb1);
      assert.equal(listed.image.image, h.image);
      assert.ok(listed.imageRef.length > 0);
      await rt.removePodSandbox(sb1);
      await rt.removePodSandbox(sb2);
      assert.deepEqual(await rt.listContainers(), []);
      await h.assertClean();
    });

    withHarness('a new runtime instance re-adopts sandboxes and containers', async (h) => {
      const cfg = sandboxConfig(h);
      const sb = await h.runtime.runPodSandbox(cfg);
      const id = await h.runtime.createContainer(sb, containerConfig(h, 'long', 'sleep 3600'), cfg);
      await h.runtime.startContainer(id);
      const rt = await h.reopen();
      assert.deepEqual((await rt.listPodSandbox({ state: 'SANDBOX_READY' })).map((s) => s.id), [sb]);
      assert.deepEqual((await rt.listContainers({ state: 'CONTAINER_RUNNING' })).map((c) => c.id), [id]);
      assert.equal((await rt.execSync(id, ['echo', 'still'], 5)).stdout.toString(), 'still\n');
      await rt.stopContainer(id, 0);
      assert.equal((await rt.containerStatus(id)).state, 'CONTAINER_EXITED');
      await rt.removeContainer(id);
      await rt.stopPodSandbox(sb);
      await rt.removePodSandbox(sb);
      // One runtime instance owns a root at a time (the first one here is as good as gone): the one
      // that removed them, and a new one reading the disk, list nothing.
      assert.deepEqual(await rt.listPodSandbox(), []);
      assert.deepEqual(await (await h.reopen()).listPodSandbox(), []);
      await h.assertClean();
    });

    withHarness('unknown ids are NotFound; creating in a stopped sandbox fails', async (h) => {
      const rt = h.runtime;
      const missing = 'f'.repeat(64);
      await assert.rejects(rt.containerStatus(missing), NotFoundError);
      await assert.rejects(rt.startContainer(missing), NotFoundError);
      await assert.rejects(rt.podSandboxStatus(missing), NotFoundError);
      const cfg = sandboxConfig(h);
      await assert.rejects(rt.createContainer(missing, containerConfig(h, 'x', 'exit 0'), cfg), NotFoundError);
      const sb = await rt.runPodSandbox(cfg);
      await rt.stopPodSandbox(sb);
      await assert.rejects(rt.createContainer(sb, containerConfig(h, 'x', 'exit 0'), cfg), CriError);
      await rt.removePodSandbox(sb);
      await h.assertClean();
    });
  });
}
