// Pods run for real: `skiff up` with the scheduler and the node agent, images
// built from busybox-static and pulled from a docker-registry on loopback,
// runc/crun under conmon, CNI networking. Driven by the real kubectl.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { TestRegistry } from '../../src/images/testing/registry.js';
import { waitFor as poll } from '../helpers/pods.js';
import { type RealCluster, startRealCluster } from '../helpers/real-cluster.js';
import { networkNames } from '../../src/network/config.js';
import { type Cluster, kubectl, kubectlOk } from '../helpers/cluster.js';

let real: RealCluster;
let c: Cluster;
let registry: TestRegistry;
let image: string;

const k = (args: string[], input?: string): string => kubectlOk(c, args, { input });

const waitFor = <T>(what: string | (() => string), fn: () => T | undefined | false, timeoutMs = 30000): Promise<T> => poll(() => c, what, fn, timeoutMs);

function pod(name: string): any {
  const r = kubectl(c, ['get', 'pod', name, '-o', 'json']);
  return r.code === 0 ? JSON.parse(r.stdout) : undefined;
}

function phaseIs(name: string, phase: string): boolean | undefined {
  return pod(name)?.status?.phase === phase || undefined;
}

function podManifest(name: string, img: string, command: string[], extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${name}}}
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: main
    image: ${img}
    command: ${JSON.stringify(command)}
${extra}`;
}

describe('pods run on real containers (as root)', () => {
  before(async () => {
    real = await startRealCluster();
    c = real.c;
    registry = real.registry;
    image = real.image();
  });

  after(async () => {
    await real?.stop();
  });

  it('registers the node Ready', async () => {
    await waitFor('node Ready', () => /\sReady\s/.test(kubectl(c, ['get', 'nodes']).stdout) || undefined);
  });

  it('runs a pod pulled from the registry: Running, Ready, logs, exec', async () => {
    k(['apply', '-f', '-'], podManifest('web', image, ['sh', '-c', 'echo started; exec httpd -f -p 8080 -h /etc'], `    readinessProbe:\n      tcpSocket: {port: 8080}\n      periodSeconds: 1\n`));
    await waitFor(() => `web Ready: ${JSON.stringify(pod('web')?.status)}\n${kubectl(c, ['get', 'events']).stdout}\n${kubectl(c, ['logs', 'web']).stdout}`, () => pod('web')?.status?.conditions?.find((x: any) => x.type === 'Ready' && x.status === 'True'));
    const p = pod('web');
    assert.match(p.status.podIP, /^10\.\d+\.0\.\d+$/);
    assert.match(p.status.containerStatuses[0].containerID, /^skiff-(runc|crun):\/\//);
    assert.match(k(['get', 'pods', 'web']), /web\s+1\/1\s+Running\s+0/);
    assert.match(k(['logs', 'web']), /started/);
    assert.equal(k(['exec', 'web', '--', 'sh', '-c', 'echo $((6*7))']).trim(), '42');
    const failed = kubectl(c, ['exec', 'web', '--', 'sh', '-c', 'exit 3']);
    assert.equal(failed.code, 3);
  });

  it('exec -it gets a terminal (kubectl itself run on a pty by script)', () => {
    const out = execFileSync('script', ['-qec', `kubectl exec -it web -- sh -c 'test -t 0 && test -t 1 && echo is-a-tty'`, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, KUBECONFIG: c.kubeconfig },
      input: '',
      timeout: 30000,
    });
    assert.match(out, /is-a-tty/);
  });

  it('two pods reach each other by pod IP', async () => {
    const ip = pod('web').status.podIP;
    k(['apply', '-f', '-'], podManifest('client', image, ['sh', '-c', `wget -q -O - http://${ip}:8080/hostname`], '  restartPolicy: Never\n'));
    await waitFor('client Succeeded', () => phaseIs('client', 'Succeeded'));
    assert.equal(k(['logs', 'client']).trim(), 'web');
  });

  it('a missing image gives ErrImagePull then ImagePullBackOff, with an event', async () => {
    k(['apply', '-f', '-'], podManifest('missing', `${registry.host}/test/nope:1`, ['true']));
    await waitFor('image pull failure', () => {
      const reason = pod('missing')?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
      return reason === 'ErrImagePull' || reason === 'ImagePullBackOff' ? reason : undefined;
    });
    assert.match(k(['get', 'events', '--field-selector', 'involvedObject.name=missing']), /Failed|BackOff/);
  });

  it('a failing container ends in CrashLoopBackOff', async () => {
    k(['apply', '-f', '-'], podManifest('crasher', image, ['sh', '-c', 'echo boom; exit 1']));
    await waitFor('CrashLoopBackOff', () => pod('crasher')?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff' || undefined, 60000);
    assert.match(k(['get', 'pod', 'crasher']), /CrashLoopBackOff/);
    assert.match(k(['logs', 'crasher', '--previous']), /boom/);
  });

  it('deleting the pods leaves no netns, mounts, containers or cgroups behind', async () => {
    k(['delete', 'pods', '--all', '--wait=true', '--timeout=60s']);
    const prefix = networkNames(c.dataDir).netnsPrefix;
    await waitFor('netns gone', () => !execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).includes(prefix) || undefined);
    await waitFor('mounts gone', () => !execFileSync('cat', ['/proc/self/mountinfo'], { encoding: 'utf8' }).includes(c.dataDir) || undefined);
    const conmons = (): string =>
      execFileSync('sh', ['-c', `for p in $(pgrep -x conmon); do tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null; echo; done | grep -F ${JSON.stringify(c.dataDir)} || true`], { encoding: 'utf8' }).trim();
    await waitFor(() => `conmon gone: ${conmons()}`, () => conmons() === '' || undefined);
    const hash = networkNames(c.dataDir).hash;
    const cgroups = execFileSync('sh', ['-c', `find /sys/fs/cgroup -maxdepth 3 -type d -name 'pod-*' -path '*skiff-${hash}*' | head -5`], { encoding: 'utf8' });
    assert.equal(cgroups.trim(), '', 'pod cgroups remain');
  });
});
