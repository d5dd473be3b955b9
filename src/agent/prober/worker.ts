// One probe worker per (container, probe type) (pkg/kubelet/prober/worker.go):
// waits initialDelaySeconds, probes every periodSeconds, flips its result after
// successThreshold successes or failureThreshold failures in a row.
import type { V1Probe } from '../types.js';
import { runProbe, type ProbeTarget } from './run-probe.js';

export type ProbeType = 'liveness' | 'readiness' | 'startup';
export type Verdict = 'success' | 'failure' | 'unknown';

export interface WorkerHooks {
  /** Whether the startup probe (if any) has succeeded; liveness/readiness wait for it. */
  started(): boolean;
  onResult(type: ProbeType, v: Verdict): void;
  onFailedProbe(type: ProbeType, output: string): void;
}

export class ProbeWorker {
  result: Verdict;
  private successes = 0;
  private failures = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    readonly type: ProbeType,
    private readonly probe: V1Probe,
    private readonly target: ProbeTarget,
    private readonly hooks: WorkerHooks,
    /** Container start time (ms). */
    startedAt: number,
  ) {
    this.result = type === 'readiness' ? 'failure' : type === 'liveness' ? 'success' : 'unknown';
    const delay = Math.max(0, startedAt + (probe.initialDelaySeconds ?? 0) * 1000 - Date.now());
    this.schedule(delay);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const period = (this.probe.periodSeconds ?? 10) * 1000;
    if (this.type !== 'startup' && !this.hooks.started()) return this.schedule(period);
    const r = await runProbe(this.probe, this.target);
    if (this.stopped) return;
    if (r.ok) {
      this.failures = 0;
      this.successes++;
      if (this.successes >= (this.probe.successThreshold ?? 1)) this.set('success');
    } else {
      this.successes = 0;
      this.failures++;
      this.hooks.onFailedProbe(this.type, r.output);
      if (this.failures >= (this.probe.failureThreshold ?? 3)) this.set('failure');
    }
    // A succeeded startup probe is done; a failed liveness/startup probe waits for the restart.
    if (this.type === 'startup' && this.result === 'success') return;
    if (this.type !== 'readiness' && this.result === 'failure') return;
    this.schedule(period);
  }

  private set(v: Verdict): void {
    if (this.result === v) return;
    this.result = v;
    this.hooks.onResult(this.type, v);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
