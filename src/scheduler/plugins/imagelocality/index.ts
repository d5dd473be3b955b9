// ImageLocality: prefers nodes that already have the pod's images, weighted by
// image size and how widely the image is spread (to avoid piling onto one node).
import type { ScorePlugin } from '../../framework/interfaces.js';
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';
import { normalizedImageName } from '../../framework/node-info.js';

export const NAME = 'ImageLocality';
const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

export function newImageLocality(_args: Record<string, unknown>, handle: { snapshot(): { numNodes: number } }): ScorePlugin {
  return {
    name: NAME,
    score(_state, pod, ni) {
      const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
      const total = handle.snapshot().numNodes || 1;
      let sum = 0;
      for (const c of containers) {
        const st = c.image ? ni.imageStates.get(normalizedImageName(c.image)) : undefined;
        if (st) sum += Math.floor(st.sizeBytes * (st.numNodes / total));
      }
      const max = MAX_CONTAINER_THRESHOLD * Math.max(containers.length, 1);
      const clamped = Math.min(Math.max(sum, MIN_THRESHOLD), max);
      return Math.floor((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
    },
  };
}
