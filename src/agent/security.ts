// securityContext → CRI Linux security settings (kuberuntime's
// determineEffectiveSecurityContext + convertToRuntimeSecurityContext), and the
// runAsNonRoot check (verifyRunAsNonRoot).
import type { LinuxContainerSecurityContext } from '../cri/types.js';
import { CreateContainerConfigError } from './errors.js';
import type { Pod, V1Container } from './types.js';

/** Pod-level values overridden by the container's. */
export function effectiveSecurityContext(pod: Pod, c: V1Container): LinuxContainerSecurityContext {
  const psc = pod.spec?.securityContext ?? {};
  const sc = c.securityContext ?? {};
  const out: LinuxContainerSecurityContext = {};
  const runAsUser = sc.runAsUser ?? psc.runAsUser;
  const runAsGroup = sc.runAsGroup ?? psc.runAsGroup;
  if (runAsUser !== undefined) out.runAsUser = runAsUser;
  if (runAsGroup !== undefined) out.runAsGroup = runAsGroup;
  const groups = [...(psc.fsGroup !== undefined ? [psc.fsGroup] : []), ...(psc.supplementalGroups ?? [])];
  if (groups.length) out.supplementalGroups = groups;
  if (sc.privileged) out.privileged = true;
  if (sc.readOnlyRootFilesystem) out.readonlyRootfs = true;
  if (sc.capabilities) {
    out.capabilities = {
      addCapabilities: (sc.capabilities.add ?? []).map(capName),
      dropCapabilities: (sc.capabilities.drop ?? []).map(capName),
    };
  }
  // AllowPrivilegeEscalation defaults to true; false sets no_new_privs.
  out.noNewPrivs = sc.allowPrivilegeEscalation === false;
  out.namespaceOptions = {
    network: pod.spec?.hostNetwork ? 'NODE' : 'POD',
    pid: pod.spec?.hostPID ? 'NODE' : pod.spec?.shareProcessNamespace ? 'POD' : 'CONTAINER',
    ipc: pod.spec?.hostIPC ? 'NODE' : 'POD',
  };
  if (!out.privileged) {
    out.maskedPaths = DEFAULT_MASKED_PATHS;
    out.readonlyPaths = DEFAULT_READONLY_PATHS;
  }
  return out;
}

/** CRI capability names are upper-case with a CAP_ prefix. */
function capName(c: string): string {
  const u = c.toUpperCase();
  return u === 'ALL' || u.startsWith('CAP_') ? u : `CAP_${u}`;
}

/** The runtime's default masked/readonly paths (securitycontext.DefaultProcMount). */
export const DEFAULT_MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];
export const DEFAULT_READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** Upstream verifyRunAsNonRoot: `imageUser` is the image config's User. */
export function verifyRunAsNonRoot(pod: Pod, c: V1Container, imageUser: string | undefined): void {
  const runAsNonRoot = c.securityContext?.runAsNonRoot ?? pod.spec?.securityContext?.runAsNonRoot;
  if (!runAsNonRoot) return;
  const podName = `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
  const runAsUser = c.securityContext?.runAsUser ?? pod.spec?.securityContext?.runAsUser;
  if (runAsUser !== undefined) {
    if (runAsUser === 0) {
      throw new CreateContainerConfigError(`container's runAsUser breaks non-root policy (pod: "${podName}", container: ${c.name})`);
    }
    return;
  }
  const user = (imageUser ?? '').split(':')[0];
  if (user === '' || user === 'root') {
    throw new CreateContainerConfigError(`container has runAsNonRoot and image will run as root (pod: "${podName}", container: ${c.name})`);
  }
  if (!/^[0-9]+$/.test(user)) {
    throw new CreateContainerConfigError(
      `container has runAsNonRoot and image has non-numeric user (${user}), cannot verify user is non-root (pod: "${podName}", container: ${c.name})`,
    );
  }
  if (Number(user) === 0) {
    throw new CreateContainerConfigError(`container has runAsNonRoot and image will run as root (pod: "${podName}", container: ${c.name})`);
  }
}

/** Numeric uid/gid of an image User string, when numeric. */
export function imageUid(user: string | undefined): number | undefined {
  const u = (user ?? '').split(':')[0];
  return /^[0-9]+$/.test(u) ? Number(u) : undefined;
}
