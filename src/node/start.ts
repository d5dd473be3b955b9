// The node side of `skiff up` (and `skiff agent`): image service, OCI runtime
// with CNI networking, the agent's streaming server and the node agent, all
// named per data dir so that two clusters can share one machine.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { startAgent, type Agent } from '../agent/agent.js';
import { startAgentServer, type AgentServer } from '../agent/server/index.js';
import { AGENT_ENDPOINT_ANNOTATION } from '../apiserver/extensions/connect.js';
import { HttpResourceClient } from '../client/rest.js';
import { imageStorePaths, openImageService } from '../images/service.js';
import { nodeSubnet, parseCidr } from '../network/cidr.js';
import { cleanupNetwork } from '../network/cleanup.js';
import { networkNames } from '../network/config.js';
import { CniNetworkPlugin } from '../network/plugin.js';
import { OciRuntime } from '../runtime/runtime.js';
import { ImageGc } from '../agent/image-gc.js';
import { LogRotator } from '../agent/log-rotation.js';
import { gatherHostFacts } from '../agent/node-info.js';
import { serviceLayerFlags, type ServiceLayerFlags } from '../cli/service-flags.js';
import { startServiceLayer, type ServiceLayer } from './service-layer.js';

export interface NodeOptions {
  /** API server base URL (plain HTTP on loopback for now). */
  apiUrl: string;
  dataDir: string;
  nodeName?: string;
  clusterCidr?: string;
  /** Index of this node's /24 in the cluster CIDR. */
  nodeIndex?: number;
  clusterDNS?: string[];
  /** The service layer's settings (proxy, DNS, ingress, network policy); default: all on, default addresses. */
  services?: ServiceLayerFlags;
  log(line: string): void;
}

export interface RunningNode {
  nodeName: string;
  podCidr: string;
  stop(): Promise<void>;
}

export const DEFAULT_CLUSTER_CIDR = '10.42.0.0/16';

export function defaultNodeName(): string {
  return hostname().toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'skiff-node';
}

export async function startNode(o: NodeOptions): Promise<RunningNode> {
  const nodeName = o.nodeName ?? defaultNodeName();
  const clusterCidr = o.clusterCidr ?? DEFAULT_CLUSTER_CIDR;
  parseCidr(clusterCidr);
  const podCidr = nodeSubnet(clusterCidr, o.nodeIndex ?? 0);
  const names = networkNames(o.dataDir);
  const services = o.services ?? serviceLayerFlags({});
  const images = await openImageService(o.dataDir);
  const imported = await images.autoImport(imageStorePaths(o.dataDir).importDir).catch((e: unknown) => {
    o.log(`image auto-import: ${(e as Error).message}`);
    return undefined;
  });
  if (imported) o.log(`image auto-import: ${JSON.stringify(imported)}`);
  const network = new CniNetworkPlugin({ dataDir: o.dataDir, podCidr });
  const runtime = new OciRuntime({
    root: join(o.dataDir, 'runtime'),
    rootfsLayers: (ref) => images.rootfsLayers(ref),
    images,
    network,
    netnsPrefix: names.netnsPrefix,
    cgroupRoot: `/skiff-${names.hash}`,
  });
  // Gathered once: the agent registers the Node with them, the ingress reports the same addresses.
  const facts = await gatherHostFacts(o.dataDir);
  const server: AgentServer = await startAgentServer({ runtime, host: '127.0.0.1', port: 0, log: o.log });
  const client = new HttpResourceClient(o.apiUrl);
  let agent: Agent | undefined;
  try {
    agent = await startAgent({
      facts,
      client,
      runtime,
      images,
      nodeName,
      dataDir: o.dataDir,
      podCIDR: podCidr,
      clusterDNS: o.clusterDNS ?? [services.clusterDns],
      clusterDomain: services.clusterDomain,
      onError: (e) => o.log(`agent: ${(e as Error)?.stack ?? String(e)}`),
    });
    await client.patch({ group: '', version: 'v1', resource: 'nodes' }, '', nodeName, 'merge', {
      metadata: { annotations: { [AGENT_ENDPOINT_ANNOTATION]: `127.0.0.1:${server.port}` } },
      status: { daemonEndpoints: { kubeletEndpoint: { Port: server.port } } },
    });
  } catch (e) {
    await server.close();
    throw e;
  }
  // Housekeeping as kubelet does it: image GC past 85% disk use, log rotation past 10 MiB.
  const imageGc = new ImageGc({ runtime, images, path: o.dataDir, log: o.log });
  imageGc.start();
  const logs = new LogRotator({ runtime, log: o.log });
  logs.start();
  let serviceLayer: ServiceLayer | undefined;
  try {
    serviceLayer = await startServiceLayer({ client, dataDir: o.dataDir, nodeName, clusterCidr, flags: services, accessLogWrite: (chunk) => void process.stderr.write(chunk), nodeAddresses: () => facts.internalIPs, log: o.log });
  } catch (e) {
    o.log(`service layer failed to start: ${(e as Error)?.stack ?? String(e)}`);
  }
  return {
    nodeName,
    podCidr,
    async stop() {
      await serviceLayer?.stop();
      imageGc.stop();
      logs.stop();
      await agent?.stop();
      await server.close();
      client.close();
    },
  };
}

/** Removes what the node side created for a data dir (bridge, netns, rules). */
export async function cleanupNodeNetwork(dataDir: string): Promise<void> {
  await cleanupNetwork(dataDir);
}
