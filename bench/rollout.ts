// Rolling update on the real node: `skiff up` with the controller manager,
// the scheduler and the node agent (runc under conmon, CNI), a busybox image
// served by a docker-registry on loopback under two tags. A Deployment of N
// replicas (default 100, default strategy: maxSurge 25%, maxUnavailable 25%)
// rolls out, then its image changes; measured: the time to the first full
// rollout, the time for the update (image patched → all new pods available,
// old ones gone), and the most pods unavailable at any poll during the update
// (spec.replicas − status.availableReplicas, polled every 50 ms).
// Bounded; removes what it made. Needs root.
// Run: node dist/bench/rollout.js [--replicas=100] [--json=FILE]
import { writeFileSync } from 'node:fs';
import { keepAliveAgent, sendOk, type Target } from './lib/http-client.js';
import { runMain, withRealNode } from './lib/real-node.js';
import { describeMachine, machineLine } from './lib/machine.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const replicas = Number(opt('replicas') ?? 100);
const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const NS = 'bench';
const DEPLOY = `/apis/apps/v1/namespaces/${NS}/deployments`;

interface DeploymentStatus {
  metadata: { generation: number };
  spec: { replicas: number };
  status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; availableReplicas?: number };
}

function deployment(image: string): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'roll', namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'roll' } },
      template: { metadata: { labels: { app: 'roll' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image, command: ['sleep', '3600'] }] } },
    },
  });
}

/** Polls the Deployment until it is fully rolled out; returns the elapsed ms and the most unavailable pods seen. */
async function rolledOut(t: Target, timeoutMs: number): Promise<{ ms: number; maxUnavailable: number }> {
  const agent = keepAliveAgent(1);
  const start = performance.now();
  let maxUnavailable = 0;
  try {
    for (;;) {
      const d = JSON.parse((await sendOk(t, agent, 'GET', `${DEPLOY}/roll`)).body.toString()) as DeploymentStatus;
      const s = d.status ?? {};
      maxUnavailable = Math.max(maxUnavailable, d.spec.replicas - (s.availableReplicas ?? 0));
      const done = (s.observedGeneration ?? 0) >= d.metadata.generation && s.updatedReplicas === d.spec.replicas && s.replicas === d.spec.replicas && s.availableReplicas === d.spec.replicas;
      if (done) return { ms: performance.now() - start, maxUnavailable };
      if (performance.now() - start > timeoutMs) throw new Error(`not rolled out after ${timeoutMs} ms: ${JSON.stringify(s)}`);
      await sleep(50);
    }
  } finally {
    agent.destroy();
  }
}

async function main(): Promise<void> {
  const machine = describeMachine();
  await withRealNode({ tags: ['1', '2'] }, async ({ t, image }) => {
    const agent = keepAliveAgent(2);
    try {
      await sendOk(t, agent, 'POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }));
      log(`creating a Deployment of ${replicas}`);
      await sendOk(t, agent, 'POST', DEPLOY, deployment(image('1')));
      const first = await rolledOut(t, 600_000);
      log(`first rollout: ${(first.ms / 1000).toFixed(1)} s`);
      await sleep(2000);
      const patch = JSON.stringify([{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image('2') }]);
      await sendOk(t, agent, 'PATCH', `${DEPLOY}/roll`, patch, 'application/json-patch+json');
      const update = await rolledOut(t, 600_000);
      const allowed = Math.floor(replicas * 0.25);
      log(`rolling update: ${(update.ms / 1000).toFixed(1)} s; most unavailable ${update.maxUnavailable} (maxUnavailable allows ${allowed})`);
      const results = { machine, replicas, firstRolloutMs: first.ms, updateMs: update.ms, maxUnavailableObserved: update.maxUnavailable, maxUnavailableAllowed: allowed };
      // Foreground: the Deployment goes once its ReplicaSets and pods are gone.
      await sendOk(t, agent, 'DELETE', `${DEPLOY}/roll?propagationPolicy=Foreground`);
      for (let i = 0; i < 1200; i++) {
        const pods = JSON.parse((await sendOk(t, agent, 'GET', `/api/v1/namespaces/${NS}/pods`)).body.toString()) as { items: unknown[] };
        if (pods.items.length === 0) break;
        await sleep(250);
      }
      process.stdout.write(`${machineLine(machine)}\n${JSON.stringify(results, null, 2)}\n`);
      const json = opt('json');
      if (json) writeFileSync(json, JSON.stringify(results, null, 2));
    } finally {
      agent.destroy();
    }
  });
}

runMain(main, log);
