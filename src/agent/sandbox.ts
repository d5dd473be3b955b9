// PodSandboxConfig for a pod (kuberuntime_sandbox.go generatePodSandboxConfig)
// and the per-pod /etc files written next to it.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { PodSandboxConfig, PortMapping } from '../cri/types.js';
import type { AgentContext } from './context.js';
import { hostNetworkHostsFile, hostsFile, podDNSConfig, podHostname, resolvConfText } from './etc-files.js';
import { podDir, podEtcFile, podLogDir } from './paths.js';
import { LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, type Pod } from './types.js';

export function sandboxConfig(ctx: AgentContext, pod: Pod, attempt: number): PodSandboxConfig {
  const meta = pod.metadata ?? {};
  const spec = pod.spec ?? { containers: [] };
  const ports: PortMapping[] = [];
  for (const c of spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      ports.push({ protocol: (p.protocol ?? 'TCP') as PortMapping['protocol'], containerPort: p.containerPort, hostPort: p.hostPort, ...(p.hostIP ? { hostIp: p.hostIP } : {}) });
    }
  }
  const sysctls: Record<string, string> = {};
  for (const s of spec.securityContext?.sysctls ?? []) sysctls[s.name] = s.value;
  const psc = spec.securityContext ?? {};
  return {
    metadata: { name: meta.name ?? '', namespace: meta.namespace ?? '', uid: meta.uid ?? '', attempt },
    hostname: spec.hostNetwork ? undefined : podHostname(pod, ctx.dns.clusterDomain).hostname,
    logDirectory: podLogDir(ctx.dataDir, pod),
    dnsConfig: podDNSConfig(pod, ctx.dns),
    portMappings: ports,
    labels: { ...(meta.labels ?? {}), [LABEL_POD_NAME]: meta.name ?? '', [LABEL_POD_NAMESPACE]: meta.namespace ?? '', [LABEL_POD_UID]: meta.uid ?? '' },
    annotations: { ...(meta.annotations ?? {}) },
    linux: {
      cgroupParent: `kubepods/${(pod.status?.qosClass ?? 'burstable').toLowerCase()}/pod${meta.uid}`,
      sysctls,
      securityContext: {
        namespaceOptions: {
          network: spec.hostNetwork ? 'NODE' : 'POD',
          pid: spec.hostPID ? 'NODE' : spec.shareProcessNamespace ? 'POD' : 'CONTAINER',
          ipc: spec.hostIPC ? 'NODE' : 'POD',
        },
        ...(psc.runAsUser !== undefined ? { runAsUser: psc.runAsUser } : {}),
        ...(psc.runAsGroup !== undefined ? { runAsGroup: psc.runAsGroup } : {}),
        ...(psc.supplementalGroups?.length ? { supplementalGroups: psc.supplementalGroups } : {}),
      },
    },
  };
}

/** What was last written per pod directory (every sync calls writePodEtcFiles; most change nothing). */
const written = new Map<string, string>();

/** Writes /etc/hosts, /etc/resolv.conf and /etc/hostname of the pod (only when they change). */
export function writePodEtcFiles(ctx: AgentContext, pod: Pod, podIPs: string[]): void {
  const uid = pod.metadata?.uid ?? '';
  const dir = podDir(ctx.dataDir, uid);
  const hosts = pod.spec?.hostNetwork ? hostNetworkHostsFile(pod, ctx.nodeHosts) : hostsFile(pod, podIPs, ctx.dns.clusterDomain);
  const resolv = resolvConfText(podDNSConfig(pod, ctx.dns));
  const hostname = pod.spec?.hostNetwork ? ctx.nodeName : podHostname(pod, ctx.dns.clusterDomain).hostname;
  const all = `${hosts}\u0000${resolv}\u0000${hostname}`;
  if (written.get(dir) === all && existsSync(podEtcFile(ctx.dataDir, uid, 'hostname'))) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(podEtcFile(ctx.dataDir, uid, 'etc-hosts'), hosts, { mode: 0o644 });
  writeFileSync(podEtcFile(ctx.dataDir, uid, 'resolv.conf'), resolv, { mode: 0o644 });
  writeFileSync(podEtcFile(ctx.dataDir, uid, 'hostname'), hostname + '\n', { mode: 0o644 });
  written.set(dir, all);
  if (written.size > 10_000) written.delete(written.keys().next().value as string);
}
