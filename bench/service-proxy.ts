// The service proxy on the real node: `skiff up` with the controller manager
// and the node agent, a Deployment of 3 busybox httpd pods behind a ClusterIP
// Service. From the host, a closed-loop load generator (worker thread, one
// TCP connection per request as busybox httpd closes them) measures the 3
// pod IPs directly, the Service's ClusterIP (nftables DNAT) and the ingress
// gateway (an Ingress to the same Service), each path in rounds alternating
// with direct rounds; reported: requests/s and p99 of each, the proxy's
// overhead and the ingress's share of direct (per pair of rounds, median).
// Bounded; removes what it made. Needs root.
// Run: node dist/bench/service-proxy.js [--seconds=5] [--rounds=3] [--concurrency=16] [--pause=125] [--json=FILE]
import { writeFileSync } from 'node:fs';
import { keepAliveAgent, sendOk } from './lib/http-client.js';
import { runMain, withRealNode } from './lib/real-node.js';
import { runLoad, type LoadSpec } from './lib/http-load.js';
import { describeMachine, machineLine } from './lib/machine.js';
import { fmtMs, rate, summarize } from './lib/stats.js';
import { freePort } from '../src/network/test-helpers.js';
import { nthAddress } from '../src/network/cidr.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const seconds = Number(opt('seconds') ?? 5);
const rounds = Number(opt('rounds') ?? 3);
const concurrency = Number(opt('concurrency') ?? 16);
const pauseS = Number(opt('pause') ?? 125);
const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const NS = 'bench';

function manifests(image: string): Array<[string, unknown]> {
  const labels = { app: 'echo' };
  return [
    ['/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }],
    [`/apis/apps/v1/namespaces/${NS}/deployments`, {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'echo', namespace: NS },
      spec: {
        replicas: 3, selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'httpd', image, command: ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www'], ports: [{ name: 'http', containerPort: 8080 }] }] } },
      },
    }],
    [`/api/v1/namespaces/${NS}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo', namespace: NS }, spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } }],
    [`/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses`, {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'echo', namespace: NS },
      spec: { rules: [{ host: 'echo.bench', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] },
    }],
  ];
}

interface Measured { rps: number; p50: number; p99: number; errors: number }

async function measure(spec: LoadSpec): Promise<Measured> {
  const r = await runLoad(spec);
  if (r.errors) log(`${r.errors} errors (first: ${r.firstError})`);
  const s = summarize(r.latencies);
  return { rps: rate(r.latencies.length, r.elapsedMs), p50: s.p50, p99: s.p99, errors: r.errors };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const machine = describeMachine();
  const ingressPort = await freePort();
  await withRealNode({ tags: ['1'], extraArgs: ['--ingress-http-port', String(ingressPort), '--ingress-https-port', '0'] }, async ({ t, image }) => {
    const agent = keepAliveAgent(2);
    try {
      for (const [path, body] of manifests(image('1'))) await sendOk(t, agent, 'POST', path, JSON.stringify(body));
      let podIPs: string[] = [];
      for (let i = 0; i < 600 && podIPs.length < 3; i++) {
        const slices = JSON.parse((await sendOk(t, agent, 'GET', `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Decho`)).body.toString()) as { items: Array<{ endpoints?: Array<{ addresses: string[]; conditions?: { ready?: boolean } }> }> };
        podIPs = slices.items.flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready).map((e) => e.addresses[0]!));
        if (podIPs.length < 3) await sleep(250);
      }
      if (podIPs.length < 3) throw new Error(`3 ready endpoints expected, have ${podIPs.length}`);
      const svc = JSON.parse((await sendOk(t, agent, 'GET', `/api/v1/namespaces/${NS}/services/echo`)).body.toString()) as { spec: { clusterIP: string } };
      await sleep(1000);
      // From the node's bridge address, inside the cluster CIDR: no masquerade, as for pod → Service traffic.
      // (Host traffic is masqueraded to that one address, and at thousands of fresh connections a second the
      // 120 s TIME_WAIT conntrack entries use up its ports towards 3 pods: SYNs then wait for a retry.)
      const nodes = JSON.parse((await sendOk(t, agent, 'GET', '/api/v1/nodes')).body.toString()) as { items: Array<{ spec: { podCIDR: string }; status: { addresses: Array<{ type: string; address: string }> } }> };
      const gateway = nthAddress(nodes.items[0]!.spec.podCIDR, 1);
      const nodeIP = nodes.items[0]!.status.addresses.find((a) => a.type === 'InternalIP')!.address;
      const direct: LoadSpec = { targets: podIPs.map((host) => ({ host, port: 8080, localAddress: nodeIP })), concurrency, seconds, keepAlive: false };
      const viaService: LoadSpec = { targets: [{ host: svc.spec.clusterIP, port: 80, localAddress: gateway }], concurrency, seconds, keepAlive: false };
      const viaIngress: LoadSpec = { targets: [{ host: '127.0.0.1', port: ingressPort, hostHeader: 'echo.bench' }], concurrency, seconds, keepAlive: true };
      // busybox httpd closes each connection, so the pods hold TIME_WAIT sockets (60 s) and the node
      // conntrack TIME_WAIT entries (120 s) for every 4-tuple used. Two paths that reuse the same
      // tuples clash (NAT remaps the port; a pod refuses a SYN whose TCP timestamps come from another
      // offset) and wait 1 s for a SYN retry. The direct path connects from the node's address; the
      // ClusterIP path and the ingress both from the bridge address: so direct alternates round by
      // round with the ingress, then (after a pause) with the ClusterIP, each against its own rounds
      // of direct.
      const groups: Array<[string, LoadSpec]> = [['ingress', viaIngress], ['ClusterIP', viaService]];
      const out: Record<string, Measured[]> = { direct: [] };
      const pairs: Record<string, Measured[]> = {};
      for (const [name, spec] of groups) {
        if (out[name] === undefined && Object.keys(out).length > 1) {
          log(`waiting ${pauseS} s for TIME_WAIT sockets and conntrack entries to expire`);
          await sleep(pauseS * 1000);
        }
        await measure({ ...direct, seconds: 1 });
        await measure({ ...spec, seconds: 1 });
        out[name] = [];
        pairs[name] = [];
        for (let i = 0; i < rounds; i++) {
          const dm = await measure(direct);
          const m = await measure(spec);
          out.direct!.push(dm);
          pairs[name]!.push(dm);
          out[name]!.push(m);
          log(`${name} round ${i + 1}: direct ${dm.rps}/s p99 ${fmtMs(dm.p99)} ms; ${name} ${m.rps}/s p99 ${fmtMs(m.p99)} ms`);
        }
      }
      const d = out.direct!;
      const s = out.ClusterIP!;
      const g = out.ingress!;
      const result = {
        machine, seconds, rounds, concurrency, podIPs, serviceIP: svc.spec.clusterIP,
        direct: { rps: median(d.map((x) => x.rps)), p50: median(d.map((x) => x.p50)), p99: median(d.map((x) => x.p99)) },
        clusterIP: { rps: median(s.map((x) => x.rps)), p50: median(s.map((x) => x.p50)), p99: median(s.map((x) => x.p99)) },
        ingress: { rps: median(g.map((x) => x.rps)), p50: median(g.map((x) => x.p50)), p99: median(g.map((x) => x.p99)) },
        errors: [...d, ...s, ...g].reduce((a, x) => a + x.errors, 0),
      };
      const share = (name: string): number => median(out[name]!.map((m, i) => m.rps / pairs[name]![i]!.rps));
      const overhead = 1 - share('ClusterIP');
      process.stdout.write(`${machineLine(machine)}\n\n| path | requests/s | p50 ms | p99 ms |\n|---|---|---|---|\n` +
        `| direct to the 3 pod IPs | ${result.direct.rps} | ${fmtMs(result.direct.p50)} | ${fmtMs(result.direct.p99)} |\n` +
        `| through the ClusterIP | ${result.clusterIP.rps} | ${fmtMs(result.clusterIP.p50)} | ${fmtMs(result.clusterIP.p99)} |\n` +
        `| through the ingress gateway (client keep-alive) | ${result.ingress.rps} | ${fmtMs(result.ingress.p50)} | ${fmtMs(result.ingress.p99)} |\n\n` +
        `throughput overhead of the proxy: ${(overhead * 100).toFixed(1)}% (target ≤ 10%); ingress at ${(share('ingress') * 100).toFixed(0)}% of direct (target ≥ 70%); ratios are medians over rounds of each path against the direct round beside it; ` +
        `${rounds} rounds of ${seconds} s per path, ${concurrency} clients, one connection per request to the pods (busybox httpd closes them)\n`);
      const json = opt('json');
      if (json) writeFileSync(json, JSON.stringify({ ...result, overhead, ingressShare: share('ingress') }, null, 2));
      await sendOk(t, agent, 'DELETE', `/api/v1/namespaces/${NS}`);
    } finally {
      agent.destroy();
    }
  });
}

runMain(main, log);
