// The node's service layer (kube-proxy's, CoreDNS's, the ingress controller's
// and the network-policy agent's jobs), composed on one shared informer
// factory: the nftables service proxy, node-local cluster DNS on the DNS
// Service address, the ingress gateway, and network policy. Each part starts
// on its own: one that fails is logged and the rest keep going. A clean stop
// removes their rules and the DNS address.
import type { ResourceClient } from '../client/types.js';
import type { ServiceLayerFlags } from '../cli/service-flags.js';
import { InformerFactory } from '../controllers/informers.js';
import { networkNames } from '../network/config.js';
import { BatchedLog } from './batched-log.js';

export interface ServiceLayerOptions {
  client: ResourceClient;
  dataDir: string;
  nodeName: string;
  clusterCidr: string;
  flags: ServiceLayerFlags;
  /** Where the ingress gateway's request log goes in batches (default: through `log`, a line at a time). */
  accessLogWrite?: (chunk: string) => void;
  /** The node's addresses (Ingress status). */
  nodeAddresses(): string[];
  log(line: string): void;
}

export interface ServiceLayer {
  /** The ingress gateway's ports (when it runs). */
  ingressPorts?: { http: number; https: number };
  stop(): Promise<void>;
}

interface Part {
  name: string;
  stop(): Promise<void>;
}

export async function startServiceLayer(o: ServiceLayerOptions): Promise<ServiceLayer> {
  const names = networkNames(o.dataDir);
  const off = o.flags.disabled;
  const informers = new InformerFactory(o.client, { onError: (e) => o.log(`service layer informer: ${e.message}`) });
  // Started first (with no informers yet): each informer a part asks for then starts at once, so a part's start() may wait for its sync.
  await informers.start();
  const parts: Part[] = [];
  const out: ServiceLayer = { stop: async () => {} };
  const attempt = async (name: string, fn: () => Promise<Part>): Promise<void> => {
    try {
      parts.push(await fn());
    } catch (e) {
      o.log(`${name} failed to start: ${(e as Error)?.stack ?? String(e)}`);
    }
  };

  if (!off.has('dns')) {
    await attempt('cluster DNS', async () => {
      const { ClusterDns, ensureDnsAddress, removeDnsAddress } = await import('../dns/index.js');
      await ensureDnsAddress(names.dnsLink, o.flags.clusterDns);
      const dns = new ClusterDns({ informers, clusterDomain: o.flags.clusterDomain, listen: { host: o.flags.clusterDns, port: 53 }, log: o.log });
      try {
        await dns.start();
      } catch (e) {
        await removeDnsAddress(names.dnsLink).catch(() => {});
        throw e;
      }
      o.log(`cluster DNS on ${o.flags.clusterDns}:53 (${o.flags.clusterDomain})`);
      return { name: 'cluster DNS', stop: async () => (await dns.stop(), await removeDnsAddress(names.dnsLink)) };
    });
  }
  if (!off.has('proxy')) {
    await attempt('service proxy', async () => {
      const { ServiceProxy } = await import('../proxy/index.js');
      const proxy = new ServiceProxy({
        informers,
        nodeName: o.nodeName,
        clusterCidr: o.clusterCidr,
        table: names.proxyTable,
        skipClusterIPs: off.has('dns') ? [] : [o.flags.clusterDns],
        log: o.log,
      });
      await proxy.start();
      return { name: 'service proxy', stop: () => proxy.stop({ cleanup: true }) };
    });
  }
  if (!off.has('network-policy')) {
    await attempt('network policy', async () => {
      const { NetworkPolicyController } = await import('../netpol/index.js');
      const np = new NetworkPolicyController({ informers, nodeName: o.nodeName, table: names.netpolTable, log: o.log });
      await np.start();
      return { name: 'network policy', stop: () => np.stop({ cleanup: true }) };
    });
  }
  if (!off.has('ingress')) {
    await attempt('ingress controller', async () => {
      const { IngressController } = await import('../ingress/index.js');
      const access = o.accessLogWrite ? new BatchedLog(o.accessLogWrite) : undefined;
      const ing = new IngressController({
        informers,
        client: o.client,
        nodeAddresses: o.nodeAddresses,
        httpPort: o.flags.ingressHttpPort,
        httpsPort: o.flags.ingressHttpsPort,
        bindAddress: o.flags.ingressBindAddress,
        log: o.log,
        accessLog: access?.log,
      });
      await ing.start();
      out.ingressPorts = { http: ing.httpPort, https: ing.httpsPort };
      o.log(`ingress gateway on ${o.flags.ingressBindAddress}: http ${ing.httpPort}, https ${ing.httpsPort}`);
      return { name: 'ingress controller', stop: async () => (await ing.stop(), access?.flush()) };
    });
  }
  out.stop = async () => {
    for (const p of parts.reverse()) {
      try {
        await p.stop();
      } catch (e) {
        o.log(`stopping ${p.name}: ${String(e)}`);
      }
    }
    informers.stop();
  };
  return out;
}
