// Builders of Node and Pod objects for scheduler tests.
import type { k8s, Node, Pod } from './framework/types.js';
import { CycleState } from './framework/cycle-state.js';
import type { FilterPlugin, Handle, NodeScore, Plugin, ScorePlugin } from './framework/interfaces.js';
import { isPreFilter, isPreScore } from './framework/interfaces.js';
import { Snapshot } from './framework/node-info.js';
import type { Status } from './framework/status.js';
import { FakeResourceClient } from '../client/fake.js';

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  extra?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: k8s.Taint[];
  unschedulable?: boolean;
  ready?: 'True' | 'False' | 'Unknown' | 'missing';
  images?: k8s.ContainerImage[];
}

export function makeNode(name: string, o: NodeOpts = {}): Node {
  const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', ...(o.extra ?? {}) };
  const conditions = o.ready === 'missing' ? [] : [{ type: 'Ready', status: o.ready ?? 'True', reason: 'KubeletReady' }];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable, capacity: allocatable, conditions, ...(o.images ? { images: o.images } : {}) },
  };
}

export interface PodOpts {
  namespace?: string;
  cpu?: string;
  memory?: string;
  extra?: Record<string, string>;
  labels?: Record<string, string>;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: k8s.Toleration[];
  affinity?: k8s.Affinity;
  spread?: k8s.TopologySpreadConstraint[];
  hostPorts?: Array<{ port: number; ip?: string; protocol?: string }>;
  image?: string;
  priority?: number;
  schedulerName?: string;
  initContainers?: k8s.Container[];
  overhead?: Record<string, string>;
}

export function makePod(name: string, o: PodOpts = {}): Pod {
  const requests: Record<string, string> = { ...(o.extra ?? {}) };
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const container: k8s.Container = { name: 'c', image: o.image ?? 'busybox', resources: Object.keys(requests).length ? { requests } : {} };
  if (o.hostPorts) container.ports = o.hostPorts.map((p) => ({ containerPort: p.port, hostPort: p.port, hostIP: p.ip, protocol: p.protocol }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', uid: `uid-${name}`, labels: o.labels ?? {} },
    spec: {
      containers: [container],
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      ...(o.overhead ? { overhead: o.overhead } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
      ...(o.spread ? { topologySpreadConstraints: o.spread } : {}),
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      schedulerName: o.schedulerName ?? 'default-scheduler',
    },
    status: { phase: 'Pending' },
  };
}

/** A Handle over a fixed snapshot. */
export function testHandle(snapshot: () => Snapshot, nsLabels: Record<string, Record<string, string>> = {}): Handle {
  return { client: new FakeResourceClient(), schedulerName: 'default-scheduler', snapshot, namespaceLabels: (ns) => nsLabels[ns] };
}

/** PreFilter (if any) and Filter of one plugin for `pod` on each node: node name → status (undefined = fits). */
export function filterAll(plugin: FilterPlugin & Plugin, pod: Pod, snap: Snapshot): Map<string, Status | undefined> {
  const state = new CycleState();
  const out = new Map<string, Status | undefined>();
  if (isPreFilter(plugin)) {
    const s = plugin.preFilter(state, pod, snap);
    if (s && !s.isSuccess()) {
      for (const ni of snap.nodeInfos) out.set(ni.name, s);
      return out;
    }
  }
  for (const ni of snap.nodeInfos) out.set(ni.name, plugin.filter(state, pod, ni));
  return out;
}

/** PreScore, Score and NormalizeScore of one plugin over every node of `snap`. */
export function scoreAll(plugin: ScorePlugin & Plugin, pod: Pod, snap: Snapshot): Record<string, number> {
  const state = new CycleState();
  if (isPreScore(plugin)) {
    const s = plugin.preScore(state, pod, snap.nodeInfos, snap);
    if (s && s.code === 'Skip') return Object.fromEntries(snap.nodeInfos.map((n) => [n.name, 0]));
  }
  const scores: NodeScore[] = snap.nodeInfos.map((ni) => ({ name: ni.name, score: plugin.score(state, pod, ni) }));
  plugin.normalizeScore?.(state, pod, scores);
  return Object.fromEntries(scores.map((s) => [s.name, s.score]));
}

/** node name → first reason ('' when it fits). */
export function reasons(m: Map<string, Status | undefined>): Record<string, string> {
  return Object.fromEntries([...m].map(([k, s]) => [k, s ? s.reasons.join('; ') : '']));
}
