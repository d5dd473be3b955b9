// What pods do on a real node, checked against upstream kubelet behaviour with
// the real kubectl: environment and `$(VAR)` expansion, volumes (and ConfigMap
// updates reaching them), init containers, probes, OOM kills, the reasons and
// events of failures, agent restarts that leave containers running, and
// container streams (logs -f, --timestamps, exec with stdin).
// One cluster for the file; every pod is created up front so they start in parallel.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildBusyboxImage } from '../../src/images/testing/build-image.js';
import { freePort, startTestRegistry, type TestRegistry } from '../../src/images/testing/registry.js';
import { cleanupNetwork } from '../../src/network/cleanup.js';
import { networkNames } from '../../src/network/config.js';
import { type Cluster, kubectl, kubectlOk, startSkiff } from '../helpers/cluster.js';
import { behaviourManifests, ctr as ctrIn, podObject } from '../helpers/behaviour-manifests.js';
import { conmonsOf, eventsFor, getPod, isReady, kubectlBackground, statusColumn, waitFor as waitForIn } from '../helpers/pods.js';

let c: Cluster;
let registry: TestRegistry;
let image: string;
let layoutDir: string;
let hostDir: string;
let cidr: string;

const k = (args: string[], input?: string): string => kubectlOk(c, args, { input });
const pod = (name: string): any => getPod(c, name);
const waitFor = <T>(what: string | (() => string), fn: () => T | undefined | false, timeoutMs?: number): Promise<T> => waitForIn(() => c, what, fn, timeoutMs);
const describePod = (name: string) => (): string => `${name}: ${JSON.stringify(pod(name)?.status)}\n${eventsFor(c, name)}`;


const ctr = (command: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ctrIn(image, command, extra);

describe('pod behaviour on real containers (as root)', () => {
  before(async () => {
    layoutDir = mkdtempSync(join(tmpdir(), 'skiff-img-'));
    hostDir = mkdtempSync(join(tmpdir(), 'skiff-hostpath-'));
    writeFileSync(join(hostDir, 'from-host'), 'host data\n');
    const built = await buildBusyboxImage({ dir: layoutDir, cmd: ['sh'] });
    registry = await startTestRegistry();
    await registry.push(built, 'test/busybox', '1');
    image = `${registry.host}/test/busybox:1`;
    cidr = `10.${100 + Math.floor(Math.random() * 100)}.0.0/16`;
    c = await startSkiff({ agent: true, scheduler: true, args: ['--cluster-cidr', cidr] });
    await waitFor('node Ready', () => /\sReady\s/.test(kubectl(c, ['get', 'nodes']).stdout) || undefined);
    const closedPort = await freePort();
    k(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: behaviourManifests({ image, hostDir, unreachable: `127.0.0.1:${closedPort}/test/busybox:1` }) }));
  });

  after(async () => {
    try {
      if (c) {
        // Graceful deletes let the agent tear everything down before skiff stops.
        kubectl(c, ['delete', 'pods', '--all', '--wait=true', '--timeout=60s']);
        kubectl(c, ['delete', 'pods', '--all', '--grace-period=0', '--force', '--wait=true', '--timeout=30s']);
        await waitFor(() => `conmon gone: ${conmonsOf(c.dataDir)}`, () => conmonsOf(c.dataDir) === '', 30000).catch(() => {});
        await c.stop();
        await cleanupNetwork(c.dataDir);
        c.cleanup();
      }
    } finally {
      await registry?.stop();
      rmSync(layoutDir, { recursive: true, force: true });
      rmSync(hostDir, { recursive: true, force: true });
    }
  });

  it('env: values, ConfigMap/Secret keys, downward API fields, resource limits, envFrom prefixes, $(VAR) expansion, service variables', async () => {
    await waitFor(describePod('envpod'), () => pod('envpod')?.status?.phase === 'Succeeded', 60000);
    const p = pod('envpod');
    const out = k(['logs', 'envpod']);
    const env = new Map(out.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const));
    const expected: Record<string, string> = {
      LIT: 'literal',
      GREETING: 'hello',
      PASSWORD: 's3cret',
      POD_NAME: 'envpod',
      POD_NAMESPACE: 'default',
      POD_UID: p.metadata.uid,
      POD_TIER: 'backend',
      POD_IP: p.status.podIP,
      NODE_NAME: p.spec.nodeName,
      MEM_LIMIT: String(64 * 1024 * 1024),
      COMPOSED: 'literal-hello-$(NOT_DEFINED)',
      CM_greeting: 'hello',
      CM_a: '1',
      SEC_password: 's3cret',
      ARGS: 'hello $(MISSING_VAR) $(GREETING)',
    };
    for (const [key, value] of Object.entries(expected)) assert.equal(env.get(key), value, `${key} in:\n${out}`);
    // Service links (enableServiceLinks defaults to true) and the kubernetes Service.
    const apiIP = k(['get', 'service', 'kubernetes', '-n', 'default', '-o', 'jsonpath={.spec.clusterIP}']).trim();
    assert.ok(apiIP, 'the kubernetes Service has a cluster IP');
    assert.equal(env.get('KUBERNETES_SERVICE_HOST'), apiIP, out);
    assert.equal(env.get('KUBERNETES_SERVICE_PORT'), '443');
    assert.equal(env.get('KUBERNETES_SERVICE_PORT_HTTPS'), '443');
    assert.equal(env.get('KUBERNETES_PORT_443_TCP'), `tcp://${apiIP}:443`);
    assert.equal(env.get('CM_1bad'), 'skipped', 'a prefix can make a key valid');
    assert.equal(env.get('1bad'), undefined, 'invalid envFrom keys are skipped');
    assert.match(eventsFor(c, 'envpod'), /Warning\s+InvalidEnvironmentVariableNames\s+Keys \[1bad\] from the EnvFrom configMap default\/cfg were skipped/);
  });

  it('volumes: emptyDir, configMap items and modes, secret, downwardAPI, projected, hostPath, subPath', async () => {
    await waitFor(describePod('volpod'), () => pod('volpod')?.status?.phase === 'Running', 60000);
    const sh = (script: string): string => k(['exec', 'volpod', '--', 'sh', '-c', script]);
    assert.equal(sh('cat /cm/sub/greet.txt'), 'hello');
    assert.equal(sh('stat -L -c %a /cm/sub/greet.txt').trim(), '440');
    assert.equal(sh('cat /sec/password'), 's3cret');
    assert.equal(sh('stat -L -c %a /sec/password').trim(), '400');
    const labels = sh('cat /dapi/labels');
    assert.match(labels, /^app="volpod"$/m);
    assert.match(labels, /^team="skiff"$/m);
    assert.match(sh('cat /dapi/annotations'), /^note="hi there"$/m);
    assert.equal(sh('cat /proj/cm-a'), '1');
    assert.equal(sh('cat /proj/pw'), 's3cret');
    assert.equal(sh('cat /proj/name'), 'volpod');
    assert.equal(sh('cat /host/from-host'), 'host data\n');
    sh('echo from-pod > /host/written');
    assert.equal(readFileSync(join(hostDir, 'written'), 'utf8'), 'from-pod\n');
    assert.equal(sh('cat /etc/a-file'), '1');
    sh('echo deep > /nested/f; echo top > /scratch/t');
    assert.equal(sh('cat /scratch/deep/er/f'), 'deep\n');
    assert.equal(sh('cat /scratch/t'), 'top\n');
    // The update is checked later: the agent rewrites projected files on its periodic resync.
    k(['patch', 'configmap', 'cfg-vol', '--type=merge', '-p', '{"data":{"greeting":"updated","a":"updated-a"}}']);
  });

  it('fsGroup: a non-root container reads a 0400 Secret and its files in an emptyDir get the group', async () => {
    await waitFor(describePod('fsgrouppod'), () => pod('fsgrouppod')?.status?.phase === 'Running', 60000);
    const sh = (script: string): string => k(['exec', 'fsgrouppod', '--', 'sh', '-c', script]);
    assert.equal(sh('id -u; id -g').trim(), '1000\n3000');
    assert.ok(sh('id -G').trim().split(/\s+/).includes('2000'), 'fsGroup is a supplementary group');
    assert.equal(sh('cat /sec/password'), 's3cret');
    assert.equal(sh('stat -L -c "%a %g" /sec/password').trim(), '440 2000');
    assert.equal(sh('touch /scratch/mine; stat -c %g /scratch/mine').trim(), '2000');
  });

  it('sidecars (restartable init containers): started before what follows, kept running, restarted, stopped when the pod is done', async () => {
    await waitFor(describePod('sidecarpod'), () => pod('sidecarpod')?.status?.phase === 'Succeeded', 60000);
    const p = pod('sidecarpod');
    assert.equal(k(['logs', 'sidecarpod', '-c', 'check']), 'sidecar up\n', 'the init container after the sidecar saw it started');
    assert.equal(k(['logs', 'sidecarpod', '-c', 'main']), 'sidecar up\n');
    const helper = p.status.initContainerStatuses.find((s: any) => s.name === 'helper');
    assert.ok(helper.state.terminated, `the sidecar is stopped once the app is done: ${JSON.stringify(helper.state)}`);
    assert.equal(helper.restartCount, 0);
    // A sidecar that keeps exiting is started again while the app container runs on.
    await waitFor(describePod('crashysidecarpod'), () => (pod('crashysidecarpod')?.status?.initContainerStatuses?.[0]?.restartCount ?? 0) >= 1, 60000);
    const q = pod('crashysidecarpod');
    assert.equal(q.status.phase, 'Running');
    assert.equal(q.status.containerStatuses[0].restartCount, 0);
    assert.ok(q.status.containerStatuses[0].state.running);
  });

  it('the node fails whole pods: activeDeadlineSeconds (DeadlineExceeded), an emptyDir over its sizeLimit (Evicted)', async () => {
    await waitFor(describePod('deadlinepod'), () => pod('deadlinepod')?.status?.phase === 'Failed', 60000);
    const d = pod('deadlinepod');
    assert.equal(d.status.reason, 'DeadlineExceeded');
    assert.equal(d.status.message, 'Pod was active on the node longer than the specified deadline');
    assert.equal(d.status.containerStatuses?.[0]?.state?.running, undefined, 'its container is stopped');
    // The agent measures emptyDirs every 10 s.
    await waitFor(describePod('bigdirpod'), () => pod('bigdirpod')?.status?.phase === 'Failed', 60000);
    const b = pod('bigdirpod');
    assert.equal(b.status.reason, 'Evicted');
    assert.equal(b.status.message, 'Usage of EmptyDir volume "data" exceeds the limit "1Mi". ');
    assert.match(eventsFor(c, 'bigdirpod'), /Warning\s+Evicted\s+Usage of EmptyDir volume "data" exceeds the limit "1Mi"/);
  });

  it('init containers run in order before the app container', async () => {
    await waitFor(describePod('initpod'), () => pod('initpod')?.status?.phase === 'Running', 60000);
    await waitFor(() => `initpod logs: ${kubectl(c, ['logs', 'initpod']).stdout}`, () => k(['logs', 'initpod']) === 'one\ntwo\n');
    const p = pod('initpod');
    assert.deepEqual(p.status.initContainerStatuses.map((s: any) => [s.name, s.state.terminated?.reason, s.state.terminated?.exitCode]), [
      ['first', 'Completed', 0],
      ['second', 'Completed', 0],
    ]);
    assert.ok(p.status.conditions.some((x: any) => x.type === 'Initialized' && x.status === 'True'));
  });

  it('a failing init container blocks the app container (Init:Error / Init:CrashLoopBackOff)', async () => {
    await waitFor(() => `initfail status ${statusColumn(c, 'initfail')}`, () => /^Init:(Error|CrashLoopBackOff)$/.test(statusColumn(c, 'initfail')), 60000);
    const p = pod('initfail');
    assert.equal(p.status.phase, 'Pending');
    const app = p.status.containerStatuses[0];
    assert.equal(app.state.waiting?.reason, 'PodInitializing');
    assert.equal(app.containerID, undefined);
    const init = p.status.initContainerStatuses[0];
    const terminated = init.state.terminated ?? init.lastState.terminated;
    assert.equal(terminated.exitCode, 3);
    assert.equal(terminated.reason, 'Error');
    assert.ok(p.status.conditions.some((x: any) => x.type === 'Initialized' && x.status === 'False' && x.reason === 'ContainersNotInitialized'));
  });

  it('a failing liveness probe restarts the container, with Unhealthy and Killing events', async () => {
    await waitFor(describePod('liveness'), () => pod('liveness')?.status?.containerStatuses?.[0]?.restartCount > 0, 60000);
    const last = pod('liveness').status.containerStatuses[0].lastState.terminated;
    // sleep as PID 1 ignores SIGTERM: killed after the 1 s grace period.
    assert.equal(last?.exitCode, 137, JSON.stringify(last));
    assert.equal(last?.reason, 'Error');
    const ev = eventsFor(c, 'liveness');
    assert.match(ev, /Warning\s+Unhealthy\s+Liveness probe failed/);
    assert.match(ev, /Normal\s+Killing\s+Container main failed liveness probe, will be restarted/);
    // Restarts after liveness kills are subject to the crash-loop back-off (kubelet's doBackOff looks at the newest exited instance).
    await waitFor(describePod('liveness'), () => pod('liveness')?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff', 30000);
    assert.ok(pod('liveness').status.containerStatuses[0].restartCount <= 3, 'restarts slow down');
  });

  it('a failing readiness probe keeps the pod Running but not Ready', async () => {
    await waitFor(describePod('notready'), () => pod('notready')?.status?.containerStatuses?.[0]?.state?.running, 60000);
    await new Promise((r) => setTimeout(r, 3000));
    const p = pod('notready');
    assert.equal(p.status.phase, 'Running');
    assert.equal(isReady(p), false);
    assert.ok(p.status.conditions.some((x: any) => x.type === 'Ready' && x.status === 'False' && x.reason === 'ContainersNotReady'));
    assert.equal(p.status.containerStatuses[0].ready, false);
    assert.equal(p.status.containerStatuses[0].restartCount, 0);
    assert.match(k(['get', 'pod', 'notready', '--no-headers']), /notready\s+0\/1\s+Running\s+0/);
    assert.match(eventsFor(c, 'notready'), /Warning\s+Unhealthy\s+Readiness probe failed/);
  });

  it('a container over its memory limit is OOMKilled', async () => {
    await waitFor(describePod('oom'), () => pod('oom')?.status?.phase === 'Failed', 60000);
    const t = pod('oom').status.containerStatuses[0].state.terminated;
    assert.equal(t.reason, 'OOMKilled');
    assert.equal(t.exitCode, 137);
    assert.match(k(['get', 'pod', 'oom', '--no-headers']), /OOMKilled/);
  });

  it('failures get upstream reasons and events while other pods keep running', async () => {
    const waiting = (name: string): string | undefined => pod(name)?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
    // CRI-O (runc create at CreateContainer) reports CreateContainerError; containerd (task create at StartContainer) RunContainerError.
    await waitFor(describePod('badcmd'), () => ['CreateContainerError', 'RunContainerError'].includes(waiting('badcmd') ?? ''), 60000);
    const bad = pod('badcmd').status.containerStatuses[0].state.waiting;
    assert.match(bad.message, /\/nope/);
    // As CRI-O words it: the runtime's message without its log decoration.
    if (bad.reason === 'CreateContainerError') assert.match(bad.message, /^container create failed: [^"]*exec: "\/nope": stat \/nope: no such file or directory$/);
    assert.match(eventsFor(c, 'badcmd'), /Warning\s+Failed\s+Error: .*\/nope/);

    await waitFor(describePod('missingvol'), () => /FailedMount/.test(eventsFor(c, 'missingvol')), 30000);
    assert.match(eventsFor(c, 'missingvol'), /Warning\s+FailedMount\s+MountVolume.SetUp failed for volume "v" : configmap "no-such-cm" not found/);
    assert.equal(waiting('missingvol'), 'ContainerCreating');
    assert.match(k(['get', 'pod', 'missingvol', '--no-headers']), /ContainerCreating/);

    await waitFor(describePod('missingkey'), () => waiting('missingkey') === 'CreateContainerConfigError', 30000);
    assert.equal(pod('missingkey').status.containerStatuses[0].state.waiting.message, "couldn't find key no-such-key in ConfigMap default/cfg");
    assert.match(eventsFor(c, 'missingkey'), /Warning\s+Failed\s+Error: couldn't find key no-such-key in ConfigMap default\/cfg/);

    await waitFor(describePod('unreachable'), () => ['ErrImagePull', 'ImagePullBackOff'].includes(waiting('unreachable') ?? ''), 60000);
    assert.match(eventsFor(c, 'unreachable'), /Warning\s+Failed\s+Failed to pull image/);

    // The agent still serves the others.
    assert.equal(k(['exec', 'survivor', '--', 'echo', 'alive']), 'alive\n');
    k(['apply', '-f', '-'], JSON.stringify(podObject('late', { restartPolicy: 'Never', containers: [ctr(['echo', 'late pod ran'])] })));
    await waitFor(describePod('late'), () => pod('late')?.status?.phase === 'Succeeded', 60000);
    assert.equal(k(['logs', 'late']), 'late pod ran\n');
  });

  it('a ConfigMap update reaches the mounted files', async () => {
    const sh = (script: string): string => k(['exec', 'volpod', '--', 'sh', '-c', script]);
    await waitFor(() => `updated configMap volume: ${sh('cat /cm/sub/greet.txt')}`, () => sh('cat /cm/sub/greet.txt') === 'updated', 90000);
    await waitFor(() => `projected configMap update: ${sh('cat /proj/cm-a')}`, () => sh('cat /proj/cm-a') === 'updated-a', 30000);
    // subPath mounts do not receive updates (upstream), and the file stays readable.
    assert.equal(sh('cat /etc/a-file'), '1');
    assert.equal(sh('stat -L -c %a /cm/sub/greet.txt').trim(), '440');
  });

  it('logs -f streams new lines; logs --timestamps; exec -i feeds stdin', async () => {
    await waitFor(describePod('ticker'), () => pod('ticker')?.status?.phase === 'Running', 60000);
    const follow = kubectlBackground(c, ['logs', '-f', 'ticker']);
    try {
      const seen = (): number[] => [...follow.output().matchAll(/^line (\d+)$/gm)].map((m) => Number(m[1]));
      const first = await waitFor(() => `a line from logs -f: ${follow.output()}`, () => seen().at(-1), 15000);
      await waitFor(() => `newer lines from logs -f: ${follow.output()}`, () => (seen().at(-1) ?? 0) >= first + 2 || undefined, 15000);
      const nums = seen();
      assert.deepEqual(nums, nums.map((_, i) => nums[0] + i), 'lines in order, none missing');
    } finally {
      await follow.stop();
    }
    const stamped = k(['logs', '--timestamps', '--tail=3', 'ticker']).trim().split('\n');
    assert.equal(stamped.length, 3);
    for (const l of stamped) assert.match(l, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,9}(Z|[+-]\d\d:\d\d) line \d+$/);
    assert.equal(k(['exec', '-i', 'ticker', '--', 'cat'], 'hello\nworld\n'), 'hello\nworld\n');
    assert.equal(k(['exec', '-i', 'ticker', '--', 'wc', '-l'], 'a\nb\nc\n').trim(), '3');
    // A larger stdin arrives whole (flow control through the stream proxy and the runtime).
    const big = randomBytes(768 * 1024).toString('base64');
    assert.equal(k(['exec', '-i', 'ticker', '--', 'md5sum'], big).split(/\s+/)[0], createHash('md5').update(big).digest('hex'));
    // logs -f ends when the container has exited (at once for a finished one).
    const done = kubectl(c, ['logs', '-f', 'envpod'], { timeoutMs: 15000 });
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /^POD_NAME=envpod$/m);
    k(['apply', '-f', '-'], JSON.stringify(podObject('shortlived', { restartPolicy: 'Never', containers: [ctr(['sh', '-c', 'sleep 3; for i in 1 2 3; do echo "short $i"; sleep 1; done'])] })));
    await waitFor(describePod('shortlived'), () => pod('shortlived')?.status?.phase === 'Running', 30000);
    const short = kubectl(c, ['logs', '-f', 'shortlived'], { timeoutMs: 30000 });
    assert.equal(short.code, 0, short.stderr);
    assert.equal(short.stdout, 'short 1\nshort 2\nshort 3\n');
  });

  it('an agent restart leaves running containers alone; deletes still clean up', async () => {
    await waitFor(describePod('survivor'), () => pod('survivor')?.status?.phase === 'Running', 60000);
    const was = pod('survivor').status.containerStatuses[0];
    const wasIP = pod('survivor').status.podIP;
    const initMain = pod('initpod').status.containerStatuses[0];
    const livenessRestarts = pod('liveness').status.containerStatuses[0].restartCount;
    const port = c.port;
    await c.stop();
    c = await startSkiff({ agent: true, scheduler: true, dataDir: c.dataDir, port, args: ['--cluster-cidr', cidr] });
    await waitFor('node Ready again', () => /\sReady\s/.test(kubectl(c, ['get', 'nodes']).stdout) || undefined);
    // Give the agent time to adopt (and, if it were wrong, to restart) the container.
    await new Promise((r) => setTimeout(r, 5000));
    const now = pod('survivor').status.containerStatuses[0];
    assert.equal(now.containerID, was.containerID);
    assert.equal(now.restartCount, 0);
    assert.ok(now.state.running, JSON.stringify(now.state));
    assert.equal(now.state.running.startedAt, was.state.running.startedAt);
    assert.equal(k(['exec', 'survivor', '--', 'echo', 'still here']), 'still here\n');
    assert.equal(pod('survivor').status.podIP, wasIP);
    assert.equal((eventsFor(c, 'survivor').match(/Normal\s+Started/g) ?? []).length, 1, eventsFor(c, 'survivor'));
    // Finished init containers are not run again; the app container keeps running.
    assert.equal(k(['logs', 'initpod']), 'one\ntwo\n');
    const initNow = pod('initpod').status.containerStatuses[0];
    assert.equal(initNow.containerID, initMain.containerID);
    assert.equal(initNow.restartCount, 0);
    assert.ok(pod('liveness').status.containerStatuses[0].restartCount >= livenessRestarts, 'restart counts carry over');
    assert.equal(pod('oom').status.phase, 'Failed');
    assert.equal(pod('envpod').status.phase, 'Succeeded');
    assert.equal(isReady(pod('notready')), false);

    k(['delete', 'pods', '--all', '--wait=true', '--timeout=60s']);
    // A pod recreated under the same name is scheduled and run afresh.
    k(['apply', '-f', '-'], JSON.stringify(podObject('survivor', { containers: [ctr(['sleep', '3600'])] })));
    await waitFor(describePod('survivor'), () => pod('survivor')?.status?.phase === 'Running', 30000);
    assert.notEqual(pod('survivor').status.containerStatuses[0].containerID, was.containerID);
    k(['delete', 'pod', 'survivor', '--wait=true', '--timeout=60s']);
    const prefix = networkNames(c.dataDir).netnsPrefix;
    await waitFor('netns gone', () => !execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).includes(prefix) || undefined);
    await waitFor('mounts gone', () => !readFileSync('/proc/self/mountinfo', 'utf8').includes(c.dataDir) || undefined);
    await waitFor(() => `conmon gone: ${conmonsOf(c.dataDir)}`, () => conmonsOf(c.dataDir) === '');
  });
});
