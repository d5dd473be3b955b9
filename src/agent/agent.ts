// The node agent (kubelet's job): registers the Node, heartbeats its Lease,
// watches the pods bound to it, and runs one serialized worker per pod that
// syncs the runtime to the spec and reports status. On start it adopts what the
// runtime already runs and cleans up sandboxes of pods that no longer exist.
import { existsSync, readFileSync } from 'node:fs';
import { SharedInformer, stripManagedFields } from '../client/informer.js';
import { SERVICES } from '../client/gvr.js';
import { ApiError, type ResourceClient } from '../client/types.js';
import type { ImageService, RuntimeService } from '../cri/types.js';
import { Backoff } from './backoff.js';
import type { AgentContext } from './context.js';
import { DEFAULT_CLUSTER_DOMAIN, podUpstreamResolvConf, SYSTEMD_RESOLV_CONF } from './etc-files.js';
import { EventRecorder, podRef } from './events.js';
import { activeDeadline, emptyDirOverLimit, type PodFailure } from './pod-failures.js';
import { gatherHostFacts, type HostFacts } from './node-info.js';
import { registerNode, renewLease, updateNodeStatus, type NodeOptions } from './node.js';
import { ApiObjectSource } from './object-source.js';
import { Pleg } from './pleg.js';
import { StartLimiter } from './start-limiter.js';
import { ApiClaimSource } from './volumes/pvc.js';
import { PodWorkers, type WorkResult } from './pod-workers.js';
import { ProberManager } from './prober/manager.js';
import { ReasonCache } from './reasons.js';
import { generatePodStatus } from './status.js';
import { StatusManager } from './status-manager.js';
import { cleanupPod, sandboxIPs, syncPod, terminatePod } from './sync-pod.js';
import { LABEL_POD_UID, PODS, type Pod, type Service } from './types.js';
import { VolumeManager } from './volumes/manager.js';

export interface AgentOptions {
  client: ResourceClient;
  runtime: RuntimeService;
  images: ImageService;
  nodeName: string;
  dataDir: string;
  podCIDR?: string;
  podCIDRs?: string[];
  clusterDNS?: string[];
  clusterDomain?: string;
  /** Host facts (tests pass their own; default: read from this machine). */
  facts?: HostFacts;
  /** Host resolv.conf path (default /etc/resolv.conf). */
  resolvConf?: string;
  /** Periodic resync of every pod (default 10 s). */
  resyncMs?: number;
  /** How often disk-backed emptyDirs are measured against their sizeLimit (default 10 s). */
  evictionCheckMs?: number;
  leaseRenewMs?: number;
  nodeStatusMs?: number;
  /** Runtime relist period (default 1 s). */
  plegMs?: number;
  /** Mount tmpfs for emptyDir medium Memory (default true). */
  allowMounts?: boolean;
  /** When to sync a pod again after a failed step: mount, config, create, pull (default 10 s, kubelet's). */
  errorBackoffMs?: number;
  /** Crash-loop back-off (tests shorten it). */
  crashBackoff?: { initialMs: number; maxMs: number };
  /** Pods doing runtime work (sandbox, container create/start) at once (default 4). */
  concurrentStarts?: number;
  onError?: (e: unknown) => void;
}

export interface Agent {
  stop(): Promise<void>;
  /** For tests: resolves once every pending sync ran. */
  idle(): Promise<void>;
}

export async function startAgent(o: AgentOptions): Promise<Agent> {
  const onError = o.onError ?? ((e: unknown) => console.error('skiff agent:', e));
  const facts = o.facts ?? (await gatherHostFacts(o.dataDir));
  const version = await o.runtime.version();
  const runtimeName = version.runtimeName;
  const nodeOpts: NodeOptions = {
    nodeName: o.nodeName,
    facts,
    podCIDRs: o.podCIDRs ?? (o.podCIDR ? [o.podCIDR] : []),
    containerRuntimeVersion: `${version.runtimeName}://${version.runtimeVersion}`,
  };
  const node = await registerNode(o.client, nodeOpts);
  const recorder = new EventRecorder(o.client, o.nodeName, 'kubelet', onError);
  const statusManager = new StatusManager(o.client);
  const pods = new Map<string, Pod>();
  /** Pods the node fails as a whole (emptyDir over its sizeLimit), until their worker has done it. */
  const failures = new Map<string, PodFailure>();
  let workers: PodWorkers;
  const prober = new ProberManager(o.runtime, recorder, (uid) => {
    const p = pods.get(uid);
    if (p) workers.update(p);
  });
  const readText = (p: string): string => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return '';
    }
  };
  // Services, for containers' service environment variables (kubelet waits for them too).
  const services = new SharedInformer<Service>(o.client, SERVICES, '', { transform: stripManagedFields, onError });
  await services.start();
  const ctx: AgentContext = {
    client: o.client,
    runtime: o.runtime,
    images: o.images,
    recorder,
    source: new ApiObjectSource(o.client, () => services.list()),
    volumes: new VolumeManager(o.dataDir, o.allowMounts ?? true, new ApiClaimSource(o.client)),
    reasons: new ReasonCache(),
    crashBackoff: new Backoff(o.crashBackoff?.initialMs ?? 10_000, o.crashBackoff?.maxMs ?? 300_000),
    pullBackoff: new Backoff(10_000, 300_000),
    errorBackoffMs: o.errorBackoffMs ?? 10_000,
    prober,
    nodeName: o.nodeName,
    dataDir: o.dataDir,
    hostIPs: facts.internalIPs,
    node: { cpu: facts.cpus, memory: facts.memoryBytes, 'ephemeral-storage': facts.storageBytes },
    memoryCapacity: facts.memoryBytes,
    dns: { clusterDNS: o.clusterDNS ?? [], clusterDomain: o.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN, hostResolvConf: podUpstreamResolvConf(readText(o.resolvConf ?? '/etc/resolv.conf'), () => (existsSync(SYSTEMD_RESOLV_CONF) ? readText(SYSTEMD_RESOLV_CONF) : undefined)) },
    nodeHosts: readText('/etc/hosts'),
    startLimiter: new StartLimiter(o.concurrentStarts ?? 4),
  };
  const statusInputs = (terminal: boolean) => ({ reasons: ctx.reasons, prober, hostIPs: facts.internalIPs, runtimeName, podIsTerminal: terminal });

  const handle = async (pod: Pod, removed: boolean): Promise<WorkResult | void> => {
    const uid = pod.metadata?.uid ?? '';
    if (removed) {
      prober.forgetPod(uid);
      await terminatePod(ctx, pod);
      await cleanupPod(ctx, uid);
      ctx.startLimiter?.forget(uid);
      statusManager.forget(uid);
      pods.delete(uid);
      return;
    }
    if (pod.metadata?.deletionTimestamp) {
      prober.forgetPod(uid);
      const rt = await terminatePod(ctx, pod);
      await statusManager.setStatus(pod, generatePodStatus(pod, rt, statusInputs(true))).catch(onError);
      await ctx.volumes.tearDown(uid);
      try {
        await o.client.delete(PODS, pod.metadata.namespace ?? '', pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid } });
      } catch (e) {
        if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) throw e;
      }
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      prober.forgetPod(uid);
      await terminatePod(ctx, pod);
      return;
    }
    const deadline = activeDeadline(pod, Date.now());
    const failure = failures.get(uid) ?? (typeof deadline === 'object' ? deadline : undefined);
    if (failure) {
      // The whole pod fails: kill its containers, report phase Failed with the reason.
      prober.forgetPod(uid);
      recorder.event(podRef(pod), failure.eventType, failure.reason, failure.message);
      const rt = await terminatePod(ctx, pod);
      const status = generatePodStatus(pod, rt, statusInputs(true));
      await statusManager.setStatus(pod, { ...status, phase: 'Failed', reason: failure.reason, message: failure.message });
      failures.delete(uid);
      return;
    }
    const r = await syncPod(ctx, pod);
    prober.syncPod(pod, r.rt, sandboxIPs(r.rt)[0] ?? '');
    const status = generatePodStatus(pod, r.rt, statusInputs(false));
    await statusManager.setStatus(pod, status);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') {
      prober.forgetPod(uid);
      await terminatePod(ctx, pod);
      return;
    }
    // Come back when the active deadline passes, if that is sooner.
    const retry = Math.min(r.retryAfterMs ?? Infinity, typeof deadline === 'number' ? deadline + 10 : Infinity);
    return retry === Infinity ? undefined : { retryAfterMs: retry };
  };
  workers = new PodWorkers(handle, (_uid, e) => onError(e));

  const informer = new SharedInformer<Pod>(o.client, PODS, '', { fieldSelector: `spec.nodeName=${o.nodeName}`, onError });
  informer.addEventHandler({
    add: (p) => {
      pods.set(p.metadata?.uid ?? '', p);
      workers.update(p);
    },
    update: (_old, p) => {
      pods.set(p.metadata?.uid ?? '', p);
      workers.update(p);
    },
    delete: (p) => workers.remove(p),
  });
  await informer.start();

  // Adopt what the runtime runs: pods still in the API are synced by their
  // workers; sandboxes of pods that are gone are cleaned up.
  const known = new Set(informer.list().map((p) => p.metadata?.uid ?? ''));
  const orphanUids = new Set<string>();
  for (const s of await o.runtime.listPodSandbox()) {
    const uid = s.labels[LABEL_POD_UID];
    if (uid && !known.has(uid)) orphanUids.add(uid);
  }
  for (const c of await o.runtime.listContainers()) {
    const uid = c.labels[LABEL_POD_UID];
    if (uid && !known.has(uid)) orphanUids.add(uid);
  }
  for (const uid of orphanUids) await cleanupPod(ctx, uid).catch(onError);

  const pleg = new Pleg(o.runtime, (uid) => {
    const p = pods.get(uid);
    if (p) workers.update(p);
  }, o.plegMs ?? 1000, onError);
  pleg.start();
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => Promise<unknown>): void => {
    const t = setInterval(() => void fn().catch(onError), ms);
    t.unref?.();
    timers.push(t);
  };
  // The eviction manager's emptyDir check (sizeLimit on disk-backed emptyDirs).
  every(o.evictionCheckMs ?? 10_000, async () => {
    for (const [uid, p] of pods) {
      if (failures.has(uid) || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed' || p.metadata?.deletionTimestamp) continue;
      const f = emptyDirOverLimit(p, o.dataDir);
      if (!f) continue;
      failures.set(uid, f);
      workers.update(p);
    }
  });
  every(o.resyncMs ?? 10_000, async () => {
    for (const p of informer.list()) workers.update(p);
    ctx.crashBackoff.gc();
    ctx.pullBackoff.gc();
  });
  await renewLease(o.client, o.nodeName, node.metadata?.uid).catch(onError);
  every(o.leaseRenewMs ?? 10_000, () => renewLease(o.client, o.nodeName, node.metadata?.uid));
  every(o.nodeStatusMs ?? 20_000, () => updateNodeStatus(o.client, nodeOpts));

  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      pleg.stop();
      informer.stop();
      services.stop();
      prober.stop();
      await workers.stop();
      await recorder.flush();
    },
    async idle() {
      await workers.idle();
      await recorder.flush();
    },
  };
}
