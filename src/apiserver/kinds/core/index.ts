// Strategies of the core API group, by kind.
import type { Strategy } from '../../types.js';
import { podStrategy } from './pod.js';
import { podTemplateStrategy } from './podtemplate.js';
import { replicationControllerStrategy } from './replicationcontroller.js';

export const strategies: Record<string, Strategy> = {
  Pod: podStrategy,
  PodTemplate: podTemplateStrategy,
  ReplicationController: replicationControllerStrategy,
};

export { defaultPodSpec, defaultPodTemplateSpec, defaultPod } from './podspec-defaults.js';
export { validatePodSpec, validatePodTemplateSpec } from './podspec.js';
