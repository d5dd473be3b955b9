// Leader election through a coordination.k8s.io/v1 Lease (client-go's
// leaderelection): acquire when the lease is free, expired or already ours;
// renew every retry period; give up leadership when renewals fail for longer
// than the renew deadline; release on clean stop so a successor need not wait.
import type { KubeObject } from '../apiserver/types.js';
import { microTimestamp } from '../apiserver/registry/meta.js';
import { isAlreadyExists, isConflict, isNotFound } from '../client/errors.js';
import type { GVR, ResourceClient } from '../client/types.js';

export const LEASES: GVR = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };

export interface LeaderElectionOptions {
  namespace?: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  onStartedLeading(): void;
  onStoppedLeading(): void;
  log?(line: string): void;
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export class LeaderElector {
  private leading = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private lastRenew = 0;

  constructor(private readonly client: ResourceClient, private readonly o: LeaderElectionOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (!this.leading) return;
    this.leading = false;
    try {
      const lease = await this.client.get(LEASES, this.ns, this.o.name);
      const spec = (lease.spec ?? {}) as LeaseSpec;
      if (spec.holderIdentity === this.o.identity) {
        await this.client.update(LEASES, this.ns, { ...lease, spec: { ...spec, holderIdentity: undefined, leaseDurationSeconds: 1, renewTime: microTimestamp(new Date()) } });
      }
    } catch {
      // best effort: the lease expires on its own
    }
  }

  private get ns(): string {
    return this.o.namespace ?? 'kube-system';
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    let ok = false;
    try {
      ok = await this.tryAcquireOrRenew();
    } catch (e) {
      this.o.log?.(`leader election ${this.o.name}: ${(e as Error).message}`);
    }
    if (this.stopped) return;
    const now = Date.now();
    if (ok) {
      this.lastRenew = now;
      if (!this.leading) {
        this.leading = true;
        this.o.log?.(`leader election ${this.o.name}: ${this.o.identity} became leader`);
        this.o.onStartedLeading();
      }
    } else if (this.leading && now - this.lastRenew > (this.o.renewDeadlineMs ?? 10_000)) {
      this.leading = false;
      this.o.log?.(`leader election ${this.o.name}: lost the lease`);
      this.o.onStoppedLeading();
    }
    this.timer = setTimeout(() => void this.tick(), this.o.retryPeriodMs ?? 2_000);
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const durationS = Math.ceil((this.o.leaseDurationMs ?? 15_000) / 1000);
    let lease: KubeObject;
    try {
      lease = await this.client.get(LEASES, this.ns, this.o.name);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      try {
        await this.client.create(LEASES, this.ns, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.o.name, namespace: this.ns },
          spec: { holderIdentity: this.o.identity, leaseDurationSeconds: durationS, acquireTime: microTimestamp(now), renewTime: microTimestamp(now), leaseTransitions: 0 },
        });
        return true;
      } catch (e2) {
        if (isAlreadyExists(e2) || isConflict(e2)) return false;
        throw e2;
      }
    }
    const spec = (lease.spec ?? {}) as LeaseSpec;
    const mine = spec.holderIdentity === this.o.identity;
    const renewed = spec.renewTime ? Date.parse(spec.renewTime) : 0;
    const expired = !spec.holderIdentity || renewed + (spec.leaseDurationSeconds ?? durationS) * 1000 < now.getTime();
    if (!mine && !expired) return false;
    const next: LeaseSpec = {
      holderIdentity: this.o.identity,
      leaseDurationSeconds: durationS,
      acquireTime: mine && spec.acquireTime ? spec.acquireTime : microTimestamp(now),
      renewTime: microTimestamp(now),
      leaseTransitions: (spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
    };
    try {
      await this.client.update(LEASES, this.ns, { ...lease, spec: next });
      return true;
    } catch (e) {
      if (isConflict(e)) return false;
      throw e;
    }
  }
}
