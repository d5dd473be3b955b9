// Behaviour of the real runtime beyond the shared contract: namespaces,
// mounts, image config, OOM, stats, exec timeout, attach, port-forward, latency.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { makeRealHarness, type RealHarness } from './testing.js';
import { sandboxConfig, containerConfig, waitForState } from '../cri/contract.js';
import { ExecTimeoutError, type Image } from '../cri/types.js';

const harnesses: RealHarness[] = [];
after(async () => {
  for (const h of harnesses) await h.close();
});
async function harness(images?: Map<string, Image>): Promise<RealHarness> {
  const h = await makeRealHarness(images ? { images: { imageStatus: async (s) => images.get(s.image) } } : {});
  harnesses.push(h);
  return h;
}

const text = async (p: Promise<{ stdout: Buffer }>) => (await p).stdout.toString().trim();

test('containers share the pod hostname, ipc and network namespaces; pid namespaces are their own', async () => {
  const h = await harness();
  const rt = h.runtime;
  const cfg = sandboxConfig(h);
  const sb = await rt.runPodSandbox(cfg);
  const a = await rt.createContainer(sb, containerConfig(h, 'a', 'sleep 3600'), cfg);
  const b = await rt.createContainer(sb, containerConfig(h, 'b', 'sleep 3600'), cfg);
  await rt.startContainer(a);
  await rt.startContainer(b);
  assert.equal(await text(rt.execSync(a, ['hostname'], 5)), cfg.hostname);
  assert.equal(await text(rt.execSync(a, ['cat', '/etc/hostname'], 5)), cfg.hostname);
  for (const ns of ['ipc', 'uts', 'net']) {
    assert.equal(await text(rt.execSync(a, ['readlink', `/proc/self/ns/${ns}`], 5)), await text(rt.execSync(b, ['readlink', `/proc/self/ns/${ns}`], 5)), ns);
  }
  assert.notEqual(await text(rt.execSync(a, ['readlink', '/proc/self/ns/pid'], 5)), await text(rt.execSync(b, ['readlink', '/proc/self/ns/pid'], 5)));
  assert.match(await text(rt.execSync(a, ['cat', '/proc/1/cmdline'], 5)), /^sleep\x003600/, 'the container command is pid 1 of its own pid namespace');
  await rt.removePodSandbox(sb);
  await h.assertClean();
});

test('a pod sharing its PID namespace gets an infra process; one that does not gets pinned namespaces and no extra process', async () => {
  const h = await harness();
  const rt = h.runtime;
  const shared = sandboxConfig(h);
  shared.linux = { ...shared.linux, securityContext: { ...shared.linux?.securityContext, namespaceOptions: { pid: 'POD' } } };
  const sb = await rt.runPodSandbox(shared);
  const podPid = { linux: { securityContext: { namespaceOptions: { pid: 'POD' as const } } } };
  const a = await rt.createContainer(sb, containerConfig(h, 'a', 'sleep 3600', podPid), shared);
  const b = await rt.createContainer(sb, containerConfig(h, 'b', 'sleep 3601', podPid), shared);
  await rt.startContainer(a);
  await rt.startContainer(b);
  const ps = await text(rt.execSync(a, ['/bin/sh', '-c', 'cat /proc/[0-9]*/cmdline | tr "\\0" " "; echo'], 5));
  assert.match(ps, /sleep 3601/, 'a sees b: one pid namespace');
  assert.match(ps, /sleep 2147483647/, 'the infra process holds it');
  assert.equal(await text(rt.execSync(b, ['hostname'], 5)), shared.hostname);
  await rt.removePodSandbox(sb);
  // Without PID sharing: no infra container in the runtime's list, namespaces pinned on files.
  const plain = sandboxConfig(h);
  const sb2 = await rt.runPodSandbox(plain);
  const ids = (await import('node:child_process')).execFileSync(rt.choice.path, ['--root', rt.oci.root, 'list', '-q'], { encoding: 'utf8' });
  assert.doesNotMatch(ids, new RegExp(sb2), 'no infra container');
  assert.equal((await rt.podSandboxStatus(sb2)).state, 'SANDBOX_READY');
  await rt.stopPodSandbox(sb2);
  assert.equal((await rt.podSandboxStatus(sb2)).state, 'SANDBOX_NOTREADY');
  await rt.removePodSandbox(sb2);
  await h.assertClean();
});

test('image config: env merged with the config envs, working dir, user; bind mounts read-only', async () => {
  const images = new Map<string, Image>();
  const h = await harness(images);
  images.set(h.image, { id: 'sha256:' + 'a'.repeat(64), repoTags: [h.image], repoDigests: [], size: 1, spec: { image: h.image }, pinned: false,
    config: { env: ['PATH=/bin', 'FROM_IMAGE=1', 'OVERRIDE=image'], workingDir: '/etc', user: 'nobody' } });
  const hostDir = join(h.root, '..', 'shared');
  await import('node:fs/promises').then((fs) => fs.mkdir(hostDir));
  await writeFile(join(hostDir, 'f'), 'from host\n');
  const rt = h.runtime;
  const cfg = sandboxConfig(h);
  const sb = await rt.runPodSandbox(cfg);
  const id = await rt.createContainer(sb, containerConfig(h, 'c', 'sleep 3600', {
    envs: [{ key: 'OVERRIDE', value: 'config' }],
    mounts: [{ containerPath: '/data', hostPath: hostDir, readonly: true }],
  }), cfg);
  await rt.startContainer(id);
  const env = await text(rt.execSync(id, ['env'], 5));
  assert.match(env, /^FROM_IMAGE=1$/m);
  assert.match(env, /^OVERRIDE=config$/m);
  assert.equal(await text(rt.execSync(id, ['pwd'], 5)), '/etc');
  assert.equal(await text(rt.execSync(id, ['id', '-u'], 5)), '65534');
  assert.equal(await text(rt.execSync(id, ['cat', '/data/f'], 5)), 'from host');
  const w = await rt.execSync(id, ['/bin/sh', '-c', 'echo x > /data/g'], 5);
  assert.notEqual(w.exitCode, 0, 'read-only bind mount');
  assert.equal((await rt.listContainers({ id }))[0]!.imageRef, 'sha256:' + 'a'.repeat(64));
  await rt.removePodSandbox(sb);
  await h.assertClean();
});

test('a container over its memory limit is OOMKilled; stats come from the cgroup', async () => {
  const h = await harness();
  const rt = h.runtime;
  const cfg = sandboxConfig(h);
  const sb = await rt.runPodSandbox(cfg);
  const busy = await rt.createContainer(sb, containerConfig(h, 'busy', 'sleep 3600'), cfg);
  await rt.startContainer(busy);
  const stats = await rt.containerStats(busy);
  assert.ok(stats.cpuUsageCoreNanoSeconds > 0, 'cpu usage');
  assert.ok(stats.memoryWorkingSetBytes > 0, 'memory working set');
  const hog = await rt.createContainer(sb, containerConfig(h, 'hog', 'dd if=/dev/zero of=/dev/null bs=64M count=1', {
    linux: { resources: { memoryLimitInBytes: 16 * 1024 * 1024 } },
  }), cfg);
  await rt.startContainer(hog);
  await waitForState(rt, hog, 'CONTAINER_EXITED');
  const s = await rt.containerStatus(hog);
  assert.equal(s.reason, 'OOMKilled');
  assert.equal(s.exitCode, 137);
  await rt.removePodSandbox(sb);
  await h.assertClean();
});

test('execSync times out and kills the command', async () => {
  const h = await harness();
  const rt = h.runtime;
  const cfg = sandboxConfig(h);
  const sb = await rt.runPodSandbox(cfg);
  const id = await rt.createContainer(sb, containerConfig(h, 'c', 'sleep 3600', { linux: { securityContext: { namespaceOptions: { pid: 'POD' } } } }), cfg);
  await rt.startContainer(id);
  await assert.rejects(rt.execSync(id, ['sleep', '30'], 1), ExecTimeoutError);
  const ps = await text(rt.execSync(id, ['/bin/sh', '-c', 'cat /proc/[0-9]*/cmdline | tr "\\0" " "; echo'], 5));
  assert.match(ps, /sleep 3600/, 'sees the pod processes');
  assert.doesNotMatch(ps, /sleep 30/);
  await rt.removePodSandbox(sb);
  await h.assertClean();
});

test('attach streams output and feeds stdin; port-forward reaches a port in the pod', async () => {
  const h = await harness();
  const rt = h.runtime;
  const cfg = sandboxConfig(h);
  const sb = await rt.runPodSandbox(cfg);
  const cat = await rt.createContainer(sb, containerConfig(h, 'cat', 'cat', { command: ['/bin/cat'], stdin: true }), cfg);
  await rt.startContainer(cat);
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let got = '';
  stdout.on('data', (b: Buffer) => (got += b.toString()));
  const attached = rt.attach(cat, { stdin, stdout });
  stdin.write('ping\n');
  for (let i = 0; i < 100 && !got.includes('ping'); i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(got, 'ping\n');
  await rt.stopContainer(cat, 0);
  await attached;

  const srv = await rt.createContainer(sb, containerConfig(h, 'srv', 'echo hello-from-pod | nc -l -p 8080'), cfg);
  await rt.startContainer(srv);
  await new Promise((r) => setTimeout(r, 300));
  const conn = await rt.portForward(sb, 8080);
  let reply = '';
  conn.on('data', (b: Buffer) => (reply += b.toString()));
  await new Promise((resolve) => conn.on('end', resolve));
  assert.equal(reply, 'hello-from-pod\n');
  await rt.removePodSandbox(sb);
  await h.assertClean();
});

test('create+start latency (runc run equivalent)', async () => {
  const h = await harness();
  const rt = h.runtime;
  const cfg = sandboxConfig(h);
  const t0 = performance.now();
  const sb = await rt.runPodSandbox(cfg);
  const sandboxMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const id = await rt.createContainer(sb, containerConfig(h, `c${i}`, 'sleep 3600'), cfg);
    await rt.startContainer(id);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`# ${rt.choice.name}: runPodSandbox ${sandboxMs.toFixed(0)}ms; create+start median ${times[2]!.toFixed(0)}ms (min ${times[0]!.toFixed(0)}, max ${times[4]!.toFixed(0)})`);
  assert.ok(times[2]! < 2000, 'create+start under 2s');
  await rt.removePodSandbox(sb);
  await h.assertClean();
  await readFile('/proc/self/mountinfo', 'utf8');
});
