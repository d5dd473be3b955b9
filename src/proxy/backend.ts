// What the ServiceProxy asks of a rule backend (nftables, or iptables when
// there is no nft), and the host setting both need: route_localnet, so that
// node ports answer on 127.0.0.1 as in kube-proxy's iptables mode.
import type { NftTarget } from '../network/nft.js';
import { writeSysctl } from '../network/sysctl.js';
import type { PortPlan } from './model.js';

export interface SyncStats {
  /** 'full' or 'partial'. */
  kind: 'full' | 'partial';
  /** Bytes of script handed to the kernel tool. */
  scriptBytes: number;
  /** Time spent rendering (ms) and applying (ms). */
  renderMs: number;
  applyMs: number;
}

export interface ProxyBackend {
  readonly name: 'nftables' | 'iptables';
  /**
   * Programs `all` (service key → its port plans). `changed` lists the
   * Services that differ from the last sync; null asks for a full rewrite.
   */
  sync(all: ReadonlyMap<string, PortPlan[]>, changed: ReadonlySet<string> | null): Promise<SyncStats>;
  /** Removes everything this backend created (idempotent). */
  cleanup(): Promise<void>;
}

export interface BackendOptions {
  table: string;
  clusterCidr: string;
  target: NftTarget;
  /** nft: kube-proxy's per-endpoint chains (slower; default: DNAT in the policy chains). */
  endpointChains?: boolean;
  log(line: string): void;
}

/** Sets net.ipv4.conf.all.route_localnet=1 on the host or inside the target namespace. */
export function enableRouteLocalnet(t: NftTarget): Promise<void> {
  return writeSysctl('/proc/sys/net/ipv4/conf/all/route_localnet', '1', t.netns);
}
