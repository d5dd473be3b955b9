// Container streams end to end: the real kubectl (current and 1.28) against
// `skiff up`, whose API server proxies pods/log, exec, attach and portforward
// to an agent server on loopback backed by a fake runtime.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FakeStreamsRuntime, type FakeContainer } from '../../src/agent/server/fake-runtime.js';
import { startAgentServer, type AgentServer } from '../../src/agent/server/index.js';
import { kubectlBinary, startSkiff, type Cluster } from '../helpers/cluster.js';

const suffix = Math.random().toString(36).slice(2, 8);
const NODE = `streams-node-${suffix}`;
const POD = 'streams-pod';

let cluster: Cluster;
let agent: AgentServer;
let echo: Server;
let fake: FakeStreamsRuntime;
let app: FakeContainer;
let dir: string;

function cri(time: string, text: string, stream = 'stdout', tag = 'F'): string {
  return `${time} ${stream} ${tag} ${text}\n`;
}

async function api(method: string, path: string, body?: unknown, type = 'application/json'): Promise<unknown> {
  const r = await fetch(cluster.url + path, { method, headers: { 'Content-Type': type }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-streams-'));
  cluster = await startSkiff();
  echo = createServer((s) => s.pipe(s));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()));
  fake = new FakeStreamsRuntime(dir);
  agent = await startAgentServer({ runtime: fake.service(), host: '127.0.0.1', port: 0 });
  await api('POST', '/api/v1/nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: NODE, annotations: { 'skiff.dev/agent-endpoint': `127.0.0.1:${agent.port}` } },
  });
  const pod = (await api('POST', '/api/v1/namespaces/default/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: POD },
    spec: { nodeName: NODE, containers: [{ name: 'app', image: 'busybox' }, { name: 'side', image: 'busybox' }] },
  })) as { metadata: { uid: string } };
  const running = { running: { startedAt: '2024-01-01T00:00:00Z' } };
  await api(
    'PATCH',
    `/api/v1/namespaces/default/pods/${POD}/status`,
    {
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: ['app', 'side'].map((name) => ({ name, ready: true, restartCount: name === 'app' ? 1 : 0, image: 'busybox', imageID: '', state: running })),
      },
    },
    'application/merge-patch+json',
  );
  const sb = fake.addSandbox('default', POD, pod.metadata.uid);
  const prev = fake.addContainer(sb, 'app', 0, 'CONTAINER_EXITED');
  writeFileSync(prev.logPath, cri('2024-01-01T00:00:00.5Z', 'from the previous run'));
  app = fake.addContainer(sb, 'app', 1);
  writeFileSync(app.logPath, cri('2024-01-01T00:00:01Z', 'hello') + cri('2024-01-01T00:00:02Z', 'wor', 'stdout', 'P') + cri('2024-01-01T00:00:02.1Z', 'ld'));
  fake.addContainer(sb, 'side', 0);
  fake.portMap.set(8080, (echo.address() as { port: number }).port);
});

after(async () => {
  await agent?.close();
  echo?.close();
  await cluster?.stop();
  cluster?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs kubectl without blocking: the agent server lives in this process, so
 * the synchronous helpers from cluster.ts would starve it.
 */
function kubectlAsync(bin: string, args: string[], input?: string): { done: Promise<Result>; stdout: () => string; kill: () => void } {
  const p = spawn(bin, args, { env: { ...process.env, KUBECONFIG: cluster.kubeconfig, KUBECACHEDIR: join(dirname(cluster.kubeconfig), 'kubecache') } });
  let out = '';
  let err = '';
  p.stdout.on('data', (b: Buffer) => (out += b.toString()));
  p.stderr.on('data', (b: Buffer) => (err += b.toString()));
  p.stdin.on('error', () => {});
  if (input !== undefined) p.stdin.end(input);
  const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
  const done = new Promise<Result>((resolve) =>
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: out, stderr: err });
    }),
  );
  return { done, stdout: () => out, kill: () => p.kill('SIGINT') };
}

const run = (bin: string, args: string[], input?: string): Promise<Result> => kubectlAsync(bin, args, input).done;

async function runOk(bin: string, args: string[], input?: string): Promise<string> {
  const r = await run(bin, args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function until(what: string, cond: () => boolean, ms = 20000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const versions = [{ name: 'kubectl', bin: kubectlBinary() }, { name: 'kubectl 1.28', bin: kubectlBinary('1.28') }].filter((v) => v.bin);

test('API-side validation of connect requests', async () => {
  const r = await run(kubectlBinary()!, ['logs', POD, '-c', 'nope']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /container nope is not valid for pod streams-pod/);
  const missing = await run(kubectlBinary()!, ['logs', 'no-such-pod']);
  assert.match(missing.stderr, /pods "no-such-pod" not found/);
});

for (const v of versions) {
  const bin = v.bin!;
  describe(v.name, () => {
    test('logs: whole, --tail, --timestamps, --previous', async () => {
      assert.equal(await runOk(bin, ['logs', POD, '-c', 'app']), 'hello\nworld\n');
      assert.equal(await runOk(bin, ['logs', POD, '-c', 'app', '--tail=1']), 'world\n');
      assert.equal(await runOk(bin, ['logs', POD, '-c', 'app', '--timestamps']), '2024-01-01T00:00:01.000000000Z hello\n2024-01-01T00:00:02.000000000Z world\n');
      assert.equal(await runOk(bin, ['logs', POD, '-c', 'app', '--previous']), 'from the previous run\n');
    });

    test('exec: output, exit codes, stdin', async () => {
      assert.equal(await runOk(bin, ['exec', POD, '-c', 'app', '--', 'echo', 'hi']), 'hi\n');
      const failed = await run(bin, ['exec', POD, '-c', 'app', '--', 'sh', '-c', 'echo bad >&2; exit 3']);
      assert.equal(failed.code, 3, failed.stderr);
      assert.match(failed.stderr, /bad\n/);
      assert.equal(await runOk(bin, ['exec', '-i', POD, '-c', 'app', '--', 'cat'], 'through stdin\n'), 'through stdin\n');
    });

    test('attach with stdin', async () => {
      const out = await runOk(bin, ['attach', '-i', POD, '-c', 'app'], 'to the main process\n');
      assert.match(out, /attached\nto the main process\n/);
    });

    test('port-forward to a pod port', async () => {
      const pf = kubectlAsync(bin, ['port-forward', `pod/${POD}`, ':8080']);
      try {
        await until('port-forward to listen', () => /Forwarding from 127\.0\.0\.1:\d+/.test(pf.stdout()));
        const port = Number(/Forwarding from 127\.0\.0\.1:(\d+)/.exec(pf.stdout())![1]);
        for (const msg of ['first connection', 'second connection']) {
          const s = connect(port, '127.0.0.1');
          let got = '';
          s.on('data', (b: Buffer) => (got += b.toString()));
          s.write(msg);
          await until(`echo of ${msg}`, () => got === msg);
          s.destroy();
        }
      } finally {
        pf.kill();
        await pf.done;
      }
    });

    test('cp to and from the container (exec + tar)', async () => {
      const local = join(dir, `local-${v.name.replace(/\W/g, '')}.txt`);
      writeFileSync(local, 'copied content\n');
      const remote = `/tmp/skiff-cp-${suffix}-${v.name.replace(/\W/g, '')}.txt`;
      await runOk(bin, ['cp', local, `default/${POD}:${remote}`, '-c', 'app']);
      assert.equal(readFileSync(join(app.root, remote), 'utf8'), 'copied content\n');
      const back = local + '.back';
      await runOk(bin, ['cp', `default/${POD}:${remote}`, back, '-c', 'app']);
      assert.equal(readFileSync(back, 'utf8'), 'copied content\n');
    });
  });
}

test('logs -f follows until the container exits', async () => {
  const f = kubectlAsync(kubectlBinary()!, ['logs', '-f', POD, '-c', 'app']);
  await until('existing lines', () => f.stdout().includes('world\n'));
  appendFileSync(app.logPath, cri('2024-01-01T00:00:03Z', 'appended'));
  await until('appended line', () => f.stdout().includes('appended\n'));
  app.state = 'CONTAINER_EXITED';
  const r = await f.done;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'hello\nworld\nappended\n');
});
