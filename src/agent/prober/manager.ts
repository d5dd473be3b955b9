// Probe workers of every running container (pkg/kubelet/prober/prober_manager.go).
// Results feed the sync (liveness/startup failures restart containers) and the
// status (readiness, started); a changed result re-syncs the pod.
import type { RuntimeService } from '../../cri/types.js';
import type { ProbeResults } from '../context.js';
import { podRef, type Recorder } from '../events.js';
import { latestOf, nsToMs, type RuntimePodStatus } from '../runtime-state.js';
import type { Pod, V1Container } from '../types.js';
import { ProbeWorker, type ProbeType, type Verdict } from './worker.js';

const TITLE: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

interface ContainerProbes {
  uid: string;
  workers: Partial<Record<ProbeType, ProbeWorker>>;
  /** Shared by the workers: its podIP is filled in once known. */
  target: { podIP: string };
}

export class ProberManager implements ProbeResults {
  private readonly byContainer = new Map<string, ContainerProbes>();

  constructor(
    private readonly runtime: RuntimeService,
    private readonly recorder: Recorder,
    /** Called when a result changes: the pod must be synced. */
    private readonly onChange: (uid: string) => void,
  ) {}

  /** Starts workers for running containers with probes; stops the others of this pod. */
  syncPod(pod: Pod, rt: RuntimePodStatus, podIP: string): void {
    const uid = pod.metadata?.uid ?? '';
    const live = new Set<string>();
    // App containers and sidecars (restartable init containers) are probed.
    const probed = [
      ...(pod.spec?.containers ?? []).map((c) => [c, 'app'] as const),
      ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => [c, 'init'] as const),
    ];
    for (const [c, kind] of probed) {
      const s = latestOf(rt, c.name, kind);
      if (!s || s.state !== 'CONTAINER_RUNNING') continue;
      if (!c.livenessProbe && !c.readinessProbe && !c.startupProbe) continue;
      live.add(s.id);
      const existing = this.byContainer.get(s.id);
      if (!existing) this.startWorkers(pod, c, kind, s.id, podIP, nsToMs(s.startedAt || s.createdAt));
      // The pod IP may only be known after the workers started (sandbox created in the same sync).
      else if (podIP && existing.target.podIP !== podIP) existing.target.podIP = podIP;
    }
    for (const [id, cp] of this.byContainer) if (cp.uid === uid && !live.has(id)) this.forgetContainer(id);
  }

  private startWorkers(pod: Pod, c: V1Container, kind: 'init' | 'app', id: string, podIP: string, startedAt: number): void {
    const uid = pod.metadata?.uid ?? '';
    const target = { runtime: this.runtime, containerId: id, container: c, podIP };
    const cp: ContainerProbes = { uid, workers: {}, target };
    this.byContainer.set(id, cp);
    const hooks = {
      started: () => !cp.workers.startup || cp.workers.startup.result === 'success',
      onResult: (_t: ProbeType, _v: Verdict) => this.onChange(uid),
      onFailedProbe: (t: ProbeType, output: string) =>
        this.recorder.event(podRef(pod, { name: c.name, kind }), 'Warning', 'Unhealthy', `${TITLE[t]} probe failed: ${output}`),
    };
    if (c.startupProbe) cp.workers.startup = new ProbeWorker('startup', c.startupProbe, target, hooks, startedAt);
    if (c.livenessProbe) cp.workers.liveness = new ProbeWorker('liveness', c.livenessProbe, target, hooks, startedAt);
    if (c.readinessProbe) cp.workers.readiness = new ProbeWorker('readiness', c.readinessProbe, target, hooks, startedAt);
  }

  private verdict(id: string, t: ProbeType): Verdict {
    return this.byContainer.get(id)?.workers[t]?.result ?? 'unknown';
  }

  liveness(id: string): Verdict {
    return this.verdict(id, 'liveness');
  }

  readiness(id: string): Verdict {
    return this.verdict(id, 'readiness');
  }

  startup(id: string): Verdict {
    return this.verdict(id, 'startup');
  }

  forgetContainer(id: string): void {
    const cp = this.byContainer.get(id);
    if (!cp) return;
    for (const w of Object.values(cp.workers)) w.stop();
    this.byContainer.delete(id);
  }

  forgetPod(uid: string): void {
    for (const [id, cp] of this.byContainer) if (cp.uid === uid) this.forgetContainer(id);
  }

  stop(): void {
    for (const id of [...this.byContainer.keys()]) this.forgetContainer(id);
  }
}
