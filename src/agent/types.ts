// Shared shapes of the node agent (kubelet's job): the API objects it reads,
// the resource collections it writes, and the labels it puts on runtime objects.
import type { KubeObject } from '../apiserver/types.js';
import type { GVR } from '../client/types.js';
import type * as k8s from 'kubernetes-types/core/v1.js';

export type Pod = k8s.Pod & KubeObject;
export type Node = k8s.Node & KubeObject;
export type ConfigMap = k8s.ConfigMap & KubeObject;
export type Secret = k8s.Secret & KubeObject;
export type Service = k8s.Service & KubeObject;
export type V1Container = k8s.Container;
export type V1ContainerStatus = k8s.ContainerStatus;
export type V1PodStatus = k8s.PodStatus;
export type V1PodCondition = k8s.PodCondition;
export type V1Volume = k8s.Volume;
export type V1Probe = k8s.Probe;
export type V1LifecycleHandler = k8s.LifecycleHandler;
export type V1EnvVar = k8s.EnvVar;

export const PODS: GVR = { group: '', version: 'v1', resource: 'pods' };
export const NODES: GVR = { group: '', version: 'v1', resource: 'nodes' };
export const EVENTS: GVR = { group: '', version: 'v1', resource: 'events' };
export const CONFIGMAPS: GVR = { group: '', version: 'v1', resource: 'configmaps' };
export const SECRETS: GVR = { group: '', version: 'v1', resource: 'secrets' };
export const LEASES: GVR = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };

/** Label keys kubelet puts on sandboxes and containers (pkg/kubelet/types/labels.go). */
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
/** Annotation keys on containers (pkg/kubelet/kuberuntime/labels.go). */
export const ANN_CONTAINER_HASH = 'io.kubernetes.container.hash';
export const ANN_RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const ANN_TERMINATION_MESSAGE_PATH = 'io.kubernetes.container.terminationMessagePath';
export const ANN_TERMINATION_MESSAGE_POLICY = 'io.kubernetes.container.terminationMessagePolicy';
export const ANN_TERMINATION_GRACE = 'io.kubernetes.pod.terminationGracePeriod';
/** Which list the container came from ('init' or 'app'); Skiff's own. */
export const ANN_CONTAINER_TYPE = 'skiff.io/container-type';
/** Host path of the termination-message file; Skiff's own. */
export const ANN_TERMINATION_MESSAGE_HOST_PATH = 'skiff.io/termination-message-host-path';

export const KUBELET_VERSION = 'v1.30.0-skiff';
