// Shapes and names the DaemonSet controller uses (apps/v1).
import type * as apps from 'kubernetes-types/apps/v1.js';
import type * as core from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../apiserver/types.js';
import type { GVR } from '../../client/types.js';

export type DaemonSet = apps.DaemonSet & KubeObject;
export type DaemonSetStatus = apps.DaemonSetStatus;
export type ControllerRevision = apps.ControllerRevision & KubeObject;
export type Pod = core.Pod & KubeObject;
export type Node = core.Node & KubeObject;
export type PodTemplateSpec = core.PodTemplateSpec;

export const DAEMONSETS: GVR = { group: 'apps', version: 'v1', resource: 'daemonsets' };
export const CONTROLLER_REVISIONS: GVR = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };

export const KIND = 'DaemonSet';
export const API_VERSION = 'apps/v1';
/** apps.DefaultDaemonSetUniqueLabelKey: the ControllerRevision hash on pods and revisions. */
export const HASH_LABEL = 'controller-revision-hash';
/** extensions.DaemonSetTemplateGenerationKey: the template generation a pod was made from. */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

export const dsKey = (ds: KubeObject): string => `${ds.metadata?.namespace}/${ds.metadata?.name}`;
