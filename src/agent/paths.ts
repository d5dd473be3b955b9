// On-disk layout of the agent's data directory (kubelet's root dir layout).
import { join } from 'node:path';
import type { Pod } from './types.js';

export const podsRoot = (dataDir: string): string => join(dataDir, 'pods');
export const podDir = (dataDir: string, uid: string): string => join(dataDir, 'pods', uid);
/** `<pod>/volumes/kubernetes.io~<plugin>/<volume>`. */
export const volumeDir = (dataDir: string, uid: string, plugin: string, volume: string): string =>
  join(podDir(dataDir, uid), 'volumes', `kubernetes.io~${plugin}`, volume);
export const podEtcFile = (dataDir: string, uid: string, name: 'etc-hosts' | 'resolv.conf' | 'hostname'): string =>
  join(podDir(dataDir, uid), name);
export const containerDir = (dataDir: string, uid: string, container: string): string =>
  join(podDir(dataDir, uid), 'containers', container);
/** `<data>/logs/pods/<namespace>_<name>_<uid>`, as /var/log/pods upstream. */
export const podLogDir = (dataDir: string, pod: Pod): string =>
  join(dataDir, 'logs', 'pods', `${pod.metadata?.namespace}_${pod.metadata?.name}_${pod.metadata?.uid}`);
