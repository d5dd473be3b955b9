// ContainerConfig for a pod container (kuberuntime's generateContainerConfig):
// command/args merged with the image, environment, mounts (volumes, subPaths,
// /etc/hosts, /etc/resolv.conf, /etc/hostname, termination message), security
// context, resources, and the labels/annotations the agent reads back later.
import { randomBytes } from 'node:crypto';
import { mkdirSync, existsSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerConfig, Image, Mount } from '../cri/types.js';
import { containerCommand } from './command.js';
import { makeEnvironment, type EnvContext } from './env.js';
import { CreateContainerConfigError } from './errors.js';
import { mappingFor } from './expand.js';
import { hashContainer } from './hash.js';
import { containerDir, podEtcFile } from './paths.js';
import { containerResources } from './resources.js';
import { effectiveSecurityContext, verifyRunAsNonRoot } from './security.js';
import { resolveSubPath } from './volumes/subpath.js';
import * as L from './types.js';

export interface ContainerConfigInput extends Omit<EnvContext, 'container'> {
  container: L.V1Container;
  kind: 'init' | 'app';
  restartCount: number;
  image: Image;
  dataDir: string;
  memoryCapacity: number;
  /** Volume name → host directory (or file) set up by the volume manager. */
  volumes: ReadonlyMap<string, string>;
}

export async function generateContainerConfig(input: ContainerConfigInput): Promise<ContainerConfig> {
  const { pod, container: c } = input;
  const uid = pod.metadata?.uid ?? '';
  verifyRunAsNonRoot(pod, c, input.image.config?.user);
  const env = await makeEnvironment(input);
  const envMap = mappingFor(env);
  const { command, args } = containerCommand(c, input.image.config ?? {}, envMap);
  const mounts = volumeMounts(input, env);
  const targets = new Set(mounts.map((m) => m.containerPath));
  for (const [file, target] of [['etc-hosts', '/etc/hosts'], ['resolv.conf', '/etc/resolv.conf'], ['hostname', '/etc/hostname']] as const) {
    const p = podEtcFile(input.dataDir, uid, file);
    if (!targets.has(target) && existsSync(p)) mounts.push({ containerPath: target, hostPath: p });
  }
  const messagePath = c.terminationMessagePath || '/dev/termination-log';
  const messageHostPath = terminationMessageFile(input.dataDir, uid, c.name);
  if (!targets.has(messagePath)) mounts.push({ containerPath: messagePath, hostPath: messageHostPath });
  const sc = effectiveSecurityContext(pod, c);
  // The image's user applies unless the pod says otherwise (the runtime reads it as a username).
  if (sc.runAsUser === undefined && input.image.config?.user) sc.runAsUsername = input.image.config.user;
  const config: ContainerConfig = {
    metadata: { name: c.name, attempt: input.restartCount },
    image: { image: input.image.id },
    command,
    args,
    workingDir: c.workingDir || input.image.config?.workingDir || undefined,
    envs: [...imageEnv(input.image), ...[...env].map(([key, value]) => ({ key, value }))],
    mounts,
    labels: {
      [L.LABEL_POD_NAME]: pod.metadata?.name ?? '',
      [L.LABEL_POD_NAMESPACE]: pod.metadata?.namespace ?? '',
      [L.LABEL_POD_UID]: uid,
      [L.LABEL_CONTAINER_NAME]: c.name,
    },
    annotations: {
      [L.ANN_CONTAINER_HASH]: hashContainer(c),
      [L.ANN_RESTART_COUNT]: String(input.restartCount),
      [L.ANN_TERMINATION_MESSAGE_PATH]: messagePath,
      [L.ANN_TERMINATION_MESSAGE_POLICY]: c.terminationMessagePolicy ?? 'File',
      [L.ANN_TERMINATION_GRACE]: String(pod.spec?.terminationGracePeriodSeconds ?? 30),
      [L.ANN_CONTAINER_TYPE]: input.kind,
      [L.ANN_TERMINATION_MESSAGE_HOST_PATH]: messageHostPath,
    },
    logPath: `${c.name}/${input.restartCount}.log`,
    stdin: c.stdin ?? false,
    stdinOnce: c.stdinOnce ?? false,
    tty: c.tty ?? false,
    linux: {
      resources: containerResources(pod, c, input.memoryCapacity),
      securityContext: sc,
    },
  };
  if (input.image.config?.stopSignal) config.stopSignal = input.image.config.stopSignal;
  return config;
}

/** The image's Env entries, overridden by the pod's (the runtime merges them upstream). */
function imageEnv(image: Image): Array<{ key: string; value: string }> {
  return (image.config?.env ?? []).map((e) => {
    const i = e.indexOf('=');
    return i < 0 ? { key: e, value: '' } : { key: e.slice(0, i), value: e.slice(i + 1) };
  });
}

function volumeMounts(input: ContainerConfigInput, env: Map<string, string>): Mount[] {
  const out: Mount[] = [];
  for (const vm of input.container.volumeMounts ?? []) {
    const hostPath = input.volumes.get(vm.name);
    if (hostPath === undefined) {
      throw new CreateContainerConfigError(`cannot find volume "${vm.name}" to mount into container "${input.container.name}"`);
    }
    const m: Mount = { containerPath: vm.mountPath, hostPath, readonly: vm.readOnly ?? false };
    const sub = vm.subPathExpr ? expandSubPathExpr(vm.subPathExpr, env) : vm.subPath;
    if (sub) m.hostPath = resolveSubPath(hostPath, sub);
    if (vm.mountPropagation === 'HostToContainer') m.propagation = 'PROPAGATION_HOST_TO_CONTAINER';
    else if (vm.mountPropagation === 'Bidirectional') m.propagation = 'PROPAGATION_BIDIRECTIONAL';
    else m.propagation = 'PROPAGATION_PRIVATE';
    out.push(m);
  }
  return out;
}

/** subPathExpr expands `$(VAR)` from the env only; an undefined variable expands to ''. */
function expandSubPathExpr(expr: string, env: Map<string, string>): string {
  return expr.replace(/\$\(([^)]*)\)/g, (_, name: string) => env.get(name) ?? '');
}

/** Creates (once per container name) the file the container writes its termination message to. */
function terminationMessageFile(dataDir: string, uid: string, name: string): string {
  const dir = containerDir(dataDir, uid, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, randomBytes(4).toString('hex'));
  writeFileSync(file, '');
  chmodSync(file, 0o666);
  return file;
}
