// Stale UDP flows, as kube-proxy clears them: UDP has no connection to end,
// so conntrack keeps sending a client's packets to the endpoint it was first
// DNAT'd to — even after that endpoint went away — and keeps the entries made
// while a Service had no endpoints (rejected). After each sync: for every UDP
// service port, flows to a removed endpoint are deleted (by service address
// or node port, and the endpoint as NAT destination), and a port that just
// got its first endpoint (it had none at the last sync) loses the flows to
// its addresses. Uses the `conntrack` tool; without it, flows expire on
// their own (30–180 s).
import { runCommand } from '../network/exec.js';
import type { NftTarget } from '../network/nft.js';
import type { Endpoint, PortPlan } from './model.js';

const endpointIPs = (p: PortPlan | undefined): Set<string> =>
  new Set([...(p?.clusterEndpoints ?? []), ...(p?.localEndpoints ?? [])].map((e: Endpoint) => e.ip));

/** The `conntrack` argument lists that clear the stale UDP flows of `changed` Services (pure). */
export function staleUdpFlows(before: Map<string, PortPlan[]>, after: Map<string, PortPlan[]>, changed: Iterable<string>): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  const add = (args: string[]): void => {
    const k = args.join(' ');
    if (!seen.has(k)) (seen.add(k), out.push(args));
  };
  for (const key of changed) {
    const now = new Map((after.get(key) ?? []).map((p) => [p.id, p]));
    const was = new Map((before.get(key) ?? []).map((p) => [p.id, p]));
    for (const id of new Set([...was.keys(), ...now.keys()])) {
      const old = was.get(id);
      const cur = now.get(id);
      const plan = cur ?? old!;
      if (plan.protocol !== 'udp') continue;
      const vips = [plan.clusterIP, ...plan.externalIPs, ...plan.loadBalancerIPs].filter((v): v is string => !!v);
      const ports = [plan.nodePort, plan.serviceLB ? plan.port : undefined].filter((v): v is number => !!v);
      const oldIPs = endpointIPs(old);
      const newIPs = endpointIPs(cur);
      for (const ip of oldIPs) {
        if (newIPs.has(ip)) continue;
        for (const vip of vips) add(['-D', '-p', 'udp', '--orig-dst', vip, '--orig-port-dst', String(plan.port), '--dst-nat', ip]);
        for (const port of ports) add(['-D', '-p', 'udp', '--orig-port-dst', String(port), '--dst-nat', ip]);
      }
      if (old && oldIPs.size === 0 && newIPs.size > 0) {
        for (const vip of vips) add(['-D', '-p', 'udp', '--orig-dst', vip, '--orig-port-dst', String(plan.port)]);
        for (const port of ports) add(['-D', '-p', 'udp', '--orig-port-dst', String(port)]);
      }
    }
  }
  return out;
}

export class ConntrackCleaner {
  private missing = false;

  constructor(
    private readonly target: NftTarget,
    private readonly log: (line: string) => void,
  ) {}

  /** Runs the deletions; "0 flow entries" (exit 1) is success. Returns how many commands ran. */
  async clear(commands: string[][]): Promise<number> {
    if (this.missing) return 0;
    let ran = 0;
    for (const args of commands) {
      const [cmd, argv] = this.target.netns ? ['ip', ['netns', 'exec', this.target.netns, 'conntrack', ...args]] : ['conntrack', args];
      const r = await runCommand(cmd, argv, { timeoutMs: 10_000 }).catch((e: Error) => ({ code: null, stdout: '', stderr: e.message }));
      if (r.code === 0 || /flow entries have been deleted/.test(r.stderr)) {
        ran++;
        continue;
      }
      if (/ENOENT|not found|No such file/.test(r.stderr)) {
        this.missing = true;
        this.log('service proxy: no conntrack tool; stale UDP flows expire on their own');
        return ran;
      }
      this.log(`service proxy: conntrack ${args.join(' ')}: ${r.stderr.trim()}`);
    }
    return ran;
  }
}
