// The service proxy's rule programming at scale, inside a throwaway network
// namespace (never the host's tables): N Services × M endpoints fed through a
// FakeResourceClient and the shared informers to a ServiceProxy, timing
// (1) the full sync from scratch (plans + render + one `nft -f -` transaction)
// and (2) one endpoint change at that size, from the EndpointSlice update to
// the programmed transaction (including the coalescing delay), median of
// several runs. Prints a markdown table. Needs root (ip netns, nft).
// Run: npx tsx bench/proxy-rules.ts [--services=1000] [--endpoints=10] [--runs=5] [--changes=20] [--backend=nftables|iptables] [--endpoint-chains] [--json=FILE]
import { writeFileSync } from 'node:fs';
import { FakeResourceClient } from '../src/client/fake.js';
import { InformerFactory } from '../src/controllers/informers.js';
import { runCommand } from '../src/network/exec.js';
import { ENDPOINTSLICES_GVR, SERVICES_GVR, SERVICE_NAME_LABEL } from '../src/proxy/types.js';
import { ServiceProxy } from '../src/proxy/service-proxy.js';
import { describeMachine, machineLine } from './lib/machine.js';
import { fmtMs } from './lib/stats.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const nServices = Number(opt('services') ?? 1000);
const nEndpoints = Number(opt('endpoints') ?? 10);
const runs = Number(opt('runs') ?? 5);
const changes = Number(opt('changes') ?? 20);
const backend = (opt('backend') ?? 'nftables') as 'nftables' | 'iptables';
const endpointChains = args.includes('--endpoint-chains');
const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const NS = `skiff-t-bench-${process.pid}`;
const TABLE = `skiff-proxy-bench${process.pid}`;

const svcIP = (i: number): string => `10.96.${Math.floor(i / 250)}.${(i % 250) + 1}`;
const epIP = (i: number, j: number): string => `10.42.${Math.floor((i * nEndpoints + j) / 250) % 256}.${((i * nEndpoints + j) % 250) + 1}`;

function service(i: number): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'bench', name: `svc-${i}` }, spec: { type: 'NodePort', clusterIP: svcIP(i), ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30000 + (i % 2768) }] } };
}

function slice(i: number, shift = 0): Record<string, unknown> {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4',
    metadata: { namespace: 'bench', name: `svc-${i}-abcde`, labels: { [SERVICE_NAME_LABEL]: `svc-${i}` } },
    ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
    endpoints: Array.from({ length: nEndpoints }, (_, j) => ({ addresses: [epIP(i, j + shift)], conditions: { ready: true }, nodeName: j % 2 ? 'node-a' : 'node-b' })),
  };
}

interface Run { fullMs: number; fullNftMs: number; fullBytes: number; changeMs: number[]; changeSyncMs: number[]; changeApplyMs: number[] }

async function oneRun(client: FakeResourceClient, shiftBase: number): Promise<Run> {
  const informers = new InformerFactory(client);
  const proxy = new ServiceProxy({ informers, nodeName: 'node-a', clusterCidr: '10.42.0.0/16', table: TABLE, netns: NS, backend, endpointChains, log: () => {} });
  await informers.start();
  const t0 = performance.now();
  await proxy.start();
  const fullMs = performance.now() - t0;
  const last = proxy.metrics.last!;
  const r: Run = { fullMs: last.durationMs, fullNftMs: last.applyMs, fullBytes: last.scriptBytes, changeMs: [], changeSyncMs: [], changeApplyMs: [] };
  void fullMs;
  for (let c = 0; c < changes; c++) {
    const i = (c * 37) % nServices;
    const s = slice(i, shiftBase + c + 1) as { metadata: { name: string } };
    const t1 = performance.now();
    await client.update(ENDPOINTSLICES_GVR, 'bench', s as never);
    await new Promise((res) => setTimeout(res, 0));
    await proxy.waitIdle();
    r.changeMs.push(performance.now() - t1);
    r.changeSyncMs.push(proxy.metrics.last!.durationMs);
    r.changeApplyMs.push(proxy.metrics.last!.applyMs);
  }
  await proxy.stop({ cleanup: true });
  informers.stop();
  return r;
}

async function main(): Promise<void> {
  const machine = describeMachine();
  const add = await runCommand('ip', ['netns', 'add', NS]);
  if (add.code !== 0) throw new Error(`ip netns add: ${add.stderr}`);
  try {
    const client = new FakeResourceClient();
    for (let i = 0; i < nServices; i++) {
      await client.create(SERVICES_GVR, 'bench', service(i) as never);
      await client.create(ENDPOINTSLICES_GVR, 'bench', slice(i) as never);
    }
    const all: Run[] = [];
    for (let k = 0; k < runs; k++) {
      const r = await oneRun(client, k * changes);
      log(`run ${k + 1}: full sync ${fmtMs(r.fullMs)} ms (nft ${fmtMs(r.fullNftMs)} ms, ${(r.fullBytes / 1e6).toFixed(1)} MB), endpoint change median ${fmtMs(median(r.changeMs))} ms`);
      all.push(r);
    }
    const full = median(all.map((r) => r.fullMs));
    const fullNft = median(all.map((r) => r.fullNftMs));
    const change = median(all.flatMap((r) => r.changeMs));
    const changeSync = median(all.flatMap((r) => r.changeSyncMs));
    const changeApply = median(all.flatMap((r) => r.changeApplyMs));
    const changeMax = Math.max(...all.flatMap((r) => r.changeMs));
    console.log(`### Service proxy rule programming (${backend}${endpointChains ? ', per-endpoint chains' : ''}, ${nServices} Services × ${nEndpoints} endpoints)\n`);
    console.log(machineLine(machine) + '\n');
    console.log('| measurement | median | target |');
    console.log('|---|---|---|');
    console.log(`| full sync from scratch (plans + render + apply) | ${fmtMs(full)} ms | ≤ 1000 ms |`);
    console.log(`| … of which the kernel transaction | ${fmtMs(fullNft)} ms | |`);
    console.log(`| script size | ${(all[0]!.fullBytes / 1e6).toFixed(2)} MB | |`);
    console.log(`| one endpoint change, slice update → programmed (incl. 20 ms coalescing) | ${fmtMs(change)} ms (max ${fmtMs(changeMax)}) | ≤ 1000 ms |`);
    console.log(`| one endpoint change, sync itself | ${fmtMs(changeSync)} ms | ≤ 50 ms |`);
    console.log(`| … of which the kernel transaction | ${fmtMs(changeApply)} ms | |`);
    console.log(`\n${runs} runs × ${changes} changes.`);
    const json = opt('json');
    if (json) writeFileSync(json, JSON.stringify({ machine, backend, nServices, nEndpoints, runs, full, fullNft, change, changeSync, changeApply, changeMax }, null, 2));
  } finally {
    await runCommand('ip', ['netns', 'delete', NS]);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
