// Node health bookkeeping (upstream tryUpdateNodeHealth): when did this
// controller last see the node's kubelet alive — a new Ready heartbeat or a
// renewed Lease, measured on the controller's own clock so node clock skew
// does not matter — and which conditions turn Unknown once that is older than
// the grace period.
import type * as k8s from 'kubernetes-types/core/v1.js';
import type { Node } from './node-taints.js';
import { timestamp } from '../../apiserver/registry/meta.js';

export type NodeCondition = k8s.NodeCondition;

/** Conditions the controller sets to Unknown on a silent node (Ready first). */
export const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

interface Health {
  probeTimestamp: number;
  readyHeartbeat?: string;
  readyTransition?: string;
  leaseRenewTime?: string;
}

export interface HealthOptions {
  gracePeriodMs: number;
  /** Grace for a node that never posted a Ready condition (upstream nodeStartupGracePeriod). */
  startupGracePeriodMs: number;
  now?: () => number;
}

const iso = (ms: number): string => timestamp(new Date(ms));

export function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready');
}

export class NodeHealthTracker {
  private readonly health = new Map<string, Health>();
  private readonly now: () => number;

  constructor(private readonly o: HealthOptions) {
    this.now = o.now ?? Date.now;
  }

  /**
   * Records what `node` and its Lease show and returns whether the kubelet
   * has been silent for longer than its grace period.
   */
  observe(node: Node, leaseRenewTime: string | undefined): { stale: boolean; gracePeriodMs: number } {
    const name = String(node.metadata?.name);
    const ready = readyCondition(node);
    const now = this.now();
    let h = this.health.get(name);
    if (!h) {
      // A node that never reported gets its creation time as the last probe (with the startup grace).
      const created = Date.parse(String(node.metadata?.creationTimestamp ?? ''));
      h = { probeTimestamp: ready || Number.isNaN(created) ? now : created, readyHeartbeat: ready?.lastHeartbeatTime, readyTransition: ready?.lastTransitionTime };
      this.health.set(name, h);
    } else if (ready && (ready.lastHeartbeatTime !== h.readyHeartbeat || ready.lastTransitionTime !== h.readyTransition)) {
      h.probeTimestamp = now;
      h.readyHeartbeat = ready.lastHeartbeatTime;
      h.readyTransition = ready.lastTransitionTime;
    }
    if (leaseRenewTime && (!h.leaseRenewTime || Date.parse(leaseRenewTime) > Date.parse(h.leaseRenewTime))) {
      h.leaseRenewTime = leaseRenewTime;
      h.probeTimestamp = now;
    }
    const gracePeriodMs = ready ? this.o.gracePeriodMs : this.o.startupGracePeriodMs;
    return { stale: now > h.probeTimestamp + gracePeriodMs, gracePeriodMs };
  }

  /** Remembers the conditions the controller itself wrote, so they do not count as a heartbeat. */
  wrote(node: Node): void {
    const h = this.health.get(String(node.metadata?.name));
    const ready = readyCondition(node);
    if (h && ready) {
      h.readyHeartbeat = ready.lastHeartbeatTime;
      h.readyTransition = ready.lastTransitionTime;
    }
  }

  forget(name: string): void {
    this.health.delete(name);
  }

  names(): string[] {
    return [...this.health.keys()];
  }
}

/**
 * The node's conditions with Ready and the pressure conditions set to
 * Unknown (upstream: NodeStatusUnknown, or NodeStatusNeverUpdated for a
 * condition the kubelet never posted). `changed` is false when all already were.
 */
export function unknownConditions(node: Node, nowMs: number): { conditions: NodeCondition[]; changed: boolean } {
  const now = iso(nowMs);
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of MONITORED_CONDITIONS) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata?.creationTimestamp,
        lastTransitionTime: now,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = now;
      changed = true;
    }
  }
  return { conditions, changed };
}
