// Pod and Node shapes as the scheduler reads them (kubernetes-types' core/v1).
import type * as k8s from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apiserver/types.js';

export type Pod = k8s.Pod & KubeObject;
export type Node = k8s.Node & KubeObject;
export type { k8s };

export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

export function nodeName(node: Node): string {
  return node.metadata?.name ?? '';
}
