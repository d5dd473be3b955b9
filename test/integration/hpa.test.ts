// HorizontalPodAutoscaler and the resource metrics API against a real cluster:
// `kubectl autoscale` and `kubectl get hpa` (current and 1.28 kubectl), the
// HPA controller's status, and `kubectl top node|pod` with one real busybox
// container whose CPU is read from its cgroup by the node agent.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Cluster, kubectl, kubectlBinary, kubectlOk } from '../helpers/cluster.js';
import { waitFor as poll } from '../helpers/pods.js';
import { type RealCluster, startRealCluster } from '../helpers/real-cluster.js';

let real: RealCluster;
let c: Cluster;
let image: string;

const k = (args: string[], input?: string): string => kubectlOk(c, args, { input });

const waitFor = <T>(what: string | (() => string), fn: () => T | undefined | false, timeoutMs = 60000): Promise<T> => poll(() => c, what, fn, timeoutMs);

describe('HPA and metrics API (one real container)', () => {
  before(async () => {
    real = await startRealCluster({ start: { controllers: true, args: ['--horizontal-pod-autoscaler-sync-period', '3s'] } });
    c = real.c;
    image = real.image();
  });

  after(async () => {
    await real?.stop();
  });

  it('kubectl autoscale creates an HPA; kubectl get hpa prints upstream columns (1.32 and 1.28)', () => {
    k(['create', 'deployment', 'idle', `--image=${image}`, '--replicas=0']);
    k(['autoscale', 'deployment', 'idle', '--cpu-percent=50', '--min=1', '--max=5']);
    const out = k(['get', 'hpa']);
    assert.match(out.split('\n')[0], /^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE/);
    assert.match(out, /idle\s+Deployment\/idle\s+cpu: <unknown>\/50%\s+1\s+5\s+0/);
    const v2 = JSON.parse(k(['get', 'hpa', 'idle', '-o', 'json']));
    assert.equal(v2.apiVersion, 'autoscaling/v2');
    assert.deepEqual(v2.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
    const old = kubectlBinary('1.28');
    if (old) {
      k(['create', 'deployment', 'idle2', `--image=${image}`, '--replicas=0']);
      kubectlOk(c, ['autoscale', 'deployment', 'idle2', '--cpu-percent=60', '--min=2', '--max=4'], { bin: old });
      assert.match(kubectlOk(c, ['get', 'hpa', 'idle2'], { bin: old }), /idle2\s+Deployment\/idle2\s+cpu: <unknown>\/60%\s+2\s+4/);
    }
    const v1 = JSON.parse(k(['get', '--raw', '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/idle']));
    assert.equal(v1.spec.targetCPUUtilizationPercentage, 50);
    const bad = kubectl(c, ['create', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'bad' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, minReplicas: 3, maxReplicas: 2 } }),
    });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`/);
  });

  it('the controller reports a zero-replica target as ScalingDisabled', async () => {
    await waitFor('ScalingActive condition', () => {
      const h = JSON.parse(k(['get', 'hpa', 'idle', '-o', 'json']));
      return h.status?.conditions?.find((x: { type: string; reason: string }) => x.type === 'ScalingActive' && x.reason === 'ScalingDisabled');
    });
  });

  it('kubectl top node and kubectl top pod show real usage from the agent', async () => {
    await waitFor('node Ready', () => /\sReady\s/.test(kubectl(c, ['get', 'nodes']).stdout) || undefined);
    k(['apply', '-f', '-'], `apiVersion: apps/v1
kind: Deployment
metadata: {name: burn, labels: {app: burn}}
spec:
  replicas: 1
  selector: {matchLabels: {app: burn}}
  template:
    metadata: {labels: {app: burn}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: busybox
        image: ${image}
        command: [sh, -c, 'while :; do :; done']
        resources: {requests: {cpu: 100m}}
`);
    await waitFor('burn pod Running', () => /burn-\S+\s+1\/1\s+Running/.test(kubectl(c, ['get', 'pods']).stdout) || undefined, 90000);
    const nodes = await waitFor('kubectl top node', () => {
      const r = kubectl(c, ['top', 'node']);
      return r.code === 0 && r.stdout;
    });
    assert.match(nodes.split('\n')[0], /^NAME\s+CPU\(cores\)\s+CPU(%|\(%\))\s+MEMORY\(bytes\)\s+MEMORY(%|\(%\))/);
    const pods = await waitFor('kubectl top pod', () => {
      const r = kubectl(c, ['top', 'pod', '-l', 'app=burn']);
      return r.code === 0 && /burn-/.test(r.stdout) && r.stdout;
    });
    // A busy loop uses most of a core: far more than 100m.
    const m = /burn-\S+\s+(\d+)m\s+(\d+)Mi/.exec(pods);
    assert.ok(m, pods);
    assert.ok(Number(m[1]) > 300, `cpu ${m[1]}m`);
    const containers = k(['top', 'pod', '-l', 'app=burn', '--containers']);
    assert.match(containers, /burn-\S+\s+busybox\s+\d+m\s+\d+Mi/);
  });

  it('the HPA reads the metrics and scales the CPU burner up', async () => {
    k(['autoscale', 'deployment', 'burn', '--cpu-percent=50', '--min=1', '--max=2']);
    const h = await waitFor('burn HPA status with metrics', () => {
      const o = JSON.parse(k(['get', 'hpa', 'burn', '-o', 'json']));
      return o.status?.currentMetrics?.[0]?.resource?.current?.averageUtilization > 50 && o;
    }, 60000);
    assert.equal(h.status.conditions.find((x: { type: string }) => x.type === 'ScalingActive').status, 'True');
    await waitFor('deployment scaled to 2', () => JSON.parse(k(['get', 'deployment', 'burn', '-o', 'json'])).spec.replicas === 2 || undefined, 60000);
    await waitFor('SuccessfulRescale event', () =>
      /New size: 2; reason: cpu resource utilization \(percentage of request\) above target/.test(k(['get', 'events', '--field-selector', 'reason=SuccessfulRescale'])) || undefined,
    );
  });

  it('once the load stops, the HPA scales the Deployment back down', async () => {
    // No scale-down stabilization window, so the test need not wait the default 5 minutes.
    k(['patch', 'hpa', 'burn', '--type=merge', '-p', '{"spec":{"behavior":{"scaleDown":{"stabilizationWindowSeconds":0}}}}']);
    k(['patch', 'deployment', 'burn', '--type=json', '-p', '[{"op":"replace","path":"/spec/template/spec/containers/0/command","value":["sleep","3600"]}]']);
    await waitFor('deployment scaled back to 1', () => JSON.parse(k(['get', 'deployment', 'burn', '-o', 'json'])).spec.replicas === 1 || undefined, 90000);
    await waitFor('a scale-down SuccessfulRescale event', () =>
      /New size: 1; reason: All metrics below target/.test(k(['get', 'events', '--field-selector', 'reason=SuccessfulRescale'])) || undefined,
    );
  });
});
