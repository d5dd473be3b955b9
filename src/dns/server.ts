// ClusterDns: CoreDNS's job inside the node process. Serves the cluster
// zone from informer-fed indexes and forwards the rest, over UDP and TCP on
// one address (the cluster DNS Service IP on the node, see address.ts).
import type { Socket } from 'node:dgram';
import { isIP, type AddressInfo } from 'node:net';
import type { KubeObject } from '../apiserver/types.js';
import type { SharedInformer } from '../client/informer.js';
import { fitToSize } from './encode.js';
import { errorResponse, parseQuery } from './message.js';
import { RecordIndex } from './record-index.js';
import { upstreamsFromResolvConf } from './resolv.js';
import type { ClusterDnsOptions, ClusterDnsStats } from './options.js';
import { Resolver, type Reply } from './resolver.js';
import { createTcpServer, type TcpServer } from './tcp.js';
import { bindUdp } from './udp.js';
import { ENDPOINTSLICES, NAMESPACES, SERVICES, type DnsEndpointSlice, type DnsService } from './types.js';
import { parseUpstream, Upstreams } from './upstream.js';

export class ClusterDns {
  readonly index: RecordIndex;
  private readonly resolver: Resolver;
  private readonly upstreams: Upstreams;
  private readonly informers: Array<SharedInformer<KubeObject>> = [];
  private udp?: Socket;
  private tcp?: TcpServer;
  private boundPort = 0;
  private readonly counters = { udp: 0, tcp: 0, malformed: 0, truncated: 0 };

  constructor(private readonly o: ClusterDnsOptions) {
    const zone = (o.clusterDomain ?? 'cluster.local').toLowerCase().replace(/\.$/, '');
    const ttl = o.ttl ?? 5;
    const host = o.listen.host;
    const wildcardOrLoopback = host === '0.0.0.0' || host === '::' || host.startsWith('127.') || host === '::1';
    const nameserverIPs = o.nameserverIPs ?? (isIP(host) && !wildcardOrLoopback ? [host] : []);
    const servers = (o.upstreams ?? upstreamsFromResolvConf(o.resolvConf, [host])).map(parseUpstream);
    if (!servers.length) o.log('cluster DNS: no upstream nameservers; names outside the cluster get SERVFAIL');
    this.index = new RecordIndex(zone);
    this.upstreams = new Upstreams(servers, o.upstreamTimeoutMs ?? 2000);
    this.resolver = new Resolver(this.index, { zone, ttl, serial: Math.floor(Date.now() / 1000), nameserverIPs }, this.upstreams, () => this.synced(), { maxCacheTtl: o.maxCacheTtl });
    this.watch();
  }

  private watch(): void {
    const idx = this.index;
    const svc = this.o.informers.informer<DnsService>(SERVICES);
    svc.addEventHandler({ add: (s) => idx.setService(s), update: (_, s) => idx.setService(s), delete: (s) => idx.deleteService(s) });
    const eps = this.o.informers.informer<DnsEndpointSlice>(ENDPOINTSLICES);
    eps.addEventHandler({ add: (s) => idx.setSlice(s), update: (_, s) => idx.setSlice(s), delete: (s) => idx.deleteSlice(s) });
    const ns = this.o.informers.informer(NAMESPACES);
    ns.addEventHandler({ add: (n) => idx.setNamespace(n), update: (_, n) => idx.setNamespace(n), delete: (n) => idx.deleteNamespace(n) });
    this.informers.push(svc as unknown as SharedInformer<KubeObject>, eps as unknown as SharedInformer<KubeObject>, ns);
  }

  /** Whether the informers have listed (until then cluster names get SERVFAIL). */
  synced(): boolean {
    return this.informers.every((i) => i.hasSynced());
  }

  async waitForSync(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.waitForSync()));
  }

  get port(): number {
    return this.boundPort;
  }

  /** Binds UDP, then TCP on the same port. Does not wait for the informers' sync. */
  async start(): Promise<void> {
    const { host, port } = this.o.listen;
    for (let attempt = 0; ; attempt++) {
      const udp = await bindUdp(host, port, { handle: (m, reply) => this.onUdp(m, reply), onError: (e) => this.o.log(`cluster DNS udp: ${e.message}`) });
      const p = (udp.address() as AddressInfo).port;
      try {
        this.tcp = await this.bindTcp(host, p);
        this.udp = udp;
        this.boundPort = p;
        return;
      } catch (e) {
        udp.close();
        // An ephemeral UDP port whose TCP twin is taken: try another.
        if (port !== 0 || attempt >= 5) throw e;
      }
    }
  }

  async stop(): Promise<void> {
    this.upstreams.close();
    const udp = this.udp;
    const tcp = this.tcp;
    this.udp = undefined;
    this.tcp = undefined;
    if (udp) await new Promise<void>((r) => udp.close(() => r()));
    if (tcp) await tcp.close();
  }

  stats(): ClusterDnsStats {
    const r = this.resolver;
    const c = (x: { size: number; hits: number; misses: number }) => ({ size: x.size, hits: x.hits, misses: x.misses });
    return {
      ...this.counters,
      ...r.stats,
      answerCache: c(r.answers),
      forwardCache: c(r.forwardCache),
      upstream: { ...this.upstreams.stats },
      services: this.index.serviceCount,
      synced: this.synced(),
    };
  }

  private bindTcp(host: string, port: number): Promise<TcpServer> {
    const tcp = createTcpServer({ handle: (m) => this.onTcp(m), onError: (e) => this.o.log(`cluster DNS tcp: ${e.message}`) });
    return new Promise((resolve, reject) => {
      tcp.server.once('error', reject);
      tcp.server.listen({ host, port }, () => {
        tcp.server.off('error', reject);
        resolve(tcp);
      });
    });
  }

  private onUdp(msg: Buffer, reply: (out: Buffer) => void): void {
    this.counters.udp++;
    const parsed = parseQuery(msg);
    if (!parsed.ok) {
      this.counters.malformed++;
      if (parsed.reply) reply(parsed.reply);
      return;
    }
    const q = parsed.query;
    const send = ({ encoded, wire }: Reply): void => {
      let out: Buffer;
      try {
        out = fitToSize(encoded, wire, q.udpLimit);
      } catch (e) {
        this.o.log(`cluster DNS: ${(e as Error).message}`);
        out = errorResponse(q, 'SERVFAIL');
      }
      if (out !== wire) this.counters.truncated++;
      reply(out);
    };
    try {
      const r = this.resolver.answer(q);
      if (r instanceof Promise) r.then(send, () => reply(errorResponse(q, 'SERVFAIL')));
      else send(r);
    } catch (e) {
      this.o.log(`cluster DNS: ${(e as Error).message}`);
      reply(errorResponse(q, 'SERVFAIL'));
    }
  }

  private onTcp(msg: Buffer): Buffer | undefined | Promise<Buffer | undefined> {
    this.counters.tcp++;
    const parsed = parseQuery(msg);
    if (!parsed.ok) {
      this.counters.malformed++;
      return parsed.reply;
    }
    const q = parsed.query;
    try {
      const r = this.resolver.answer(q);
      return r instanceof Promise ? r.then((x) => x.wire, () => errorResponse(q, 'SERVFAIL')) : r.wire;
    } catch (e) {
      this.o.log(`cluster DNS: ${(e as Error).message}`);
      return errorResponse(q, 'SERVFAIL');
    }
  }
}
