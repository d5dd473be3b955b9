// Builders for DaemonSet controller tests.
import type { Taint } from '../nodelifecycle/taints.js';
import type { DaemonSet, Node, Pod } from './types.js';

export function makeDs(name = 'ds', over: Partial<NonNullable<DaemonSet['spec']>> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, annotations: { 'deprecated.daemonset.template.generation': '1' } },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'img:1' }], restartPolicy: 'Always' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
      ...over,
    },
  };
}

export function makeNode(name: string, labels: Record<string, string> = {}, taints?: Taint[]): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: taints ? { taints } : {} };
}

export function makePod(name: string, node: string, o: { hash?: string; ready?: boolean; created?: string; phase?: string; deleting?: boolean } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: { app: 'ds', ...(o.hash ? { 'controller-revision-hash': o.hash } : {}) },
      creationTimestamp: o.created ?? '2024-01-01T00:00:00Z',
      ...(o.deleting ? { deletionTimestamp: '2024-01-02T00:00:00Z' } : {}),
    },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'img' }] },
    status: { phase: o.phase ?? 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }] },
  };
}
