// DefaultBinder: POST pods/<name>/binding with the chosen node.
import { PODS } from '../../../client/gvr.js';
import type { BindPlugin, Handle } from '../../framework/interfaces.js';
import { Status } from '../../framework/status.js';

export const NAME = 'DefaultBinder';

export function newDefaultBinder(_args: Record<string, unknown>, handle: Handle): BindPlugin {
  return {
    name: NAME,
    async bind(_state, pod, nodeName) {
      const ns = pod.metadata?.namespace ?? 'default';
      const name = pod.metadata?.name ?? '';
      try {
        await handle.client.createSubresource(PODS, ns, name, 'binding', {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name, namespace: ns, uid: pod.metadata?.uid },
          target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
        });
        return undefined;
      } catch (e) {
        return Status.error(e);
      }
    },
  };
}
