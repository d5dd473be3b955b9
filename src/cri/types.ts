// The CRI-shaped contract between the node agent and container runtimes
// (modelled on k8s.io/cri-api runtime/v1: RuntimeService and ImageService).
// The agent only talks to these interfaces; the built-in OCI runtime (runc or
// crun under conmon, CNI networking, overlayfs rootfs) and the fake for unit
// tests implement them. One contract suite (src/cri/contract.ts) runs against
// every implementation.

export interface KeyValue {
  key: string;
  value: string;
}

export interface PodSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt: number;
}

export interface PortMapping {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  containerPort: number;
  hostPort: number;
  hostIp?: string;
}

export interface DNSConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';

export interface NamespaceOptions {
  network?: NamespaceMode;
  pid?: NamespaceMode;
  ipc?: NamespaceMode;
  /** With pid TARGET: the container whose pid namespace to join. */
  targetId?: string;
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname?: string;
  /** Directory under which container logs of this pod are written (`<dir>/<container>/<attempt>.log`). */
  logDirectory?: string;
  dnsConfig?: DNSConfig;
  portMappings?: PortMapping[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  linux?: {
    cgroupParent?: string;
    sysctls?: Record<string, string>;
    securityContext?: {
      namespaceOptions?: NamespaceOptions;
      privileged?: boolean;
      runAsUser?: number;
      runAsGroup?: number;
      supplementalGroups?: number[];
    };
    /** Pod-level resources, for the pod cgroup. */
    resources?: LinuxContainerResources;
  };
}

export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly?: boolean;
  selinuxRelabel?: boolean;
  propagation?: 'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';
}

export interface Device {
  containerPath: string;
  hostPath: string;
  permissions: string;
}

export interface LinuxContainerResources {
  cpuPeriod?: number;
  cpuQuota?: number;
  cpuShares?: number;
  memoryLimitInBytes?: number;
  oomScoreAdj?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  /** pids limit etc. go in `unified` on cgroup v2 hosts. */
  unified?: Record<string, string>;
}

export interface Capability {
  addCapabilities?: string[];
  dropCapabilities?: string[];
  addAmbientCapabilities?: string[];
}

export interface LinuxContainerSecurityContext {
  capabilities?: Capability;
  privileged?: boolean;
  namespaceOptions?: NamespaceOptions;
  runAsUser?: number;
  runAsGroup?: number;
  runAsUsername?: string;
  readonlyRootfs?: boolean;
  supplementalGroups?: number[];
  noNewPrivs?: boolean;
  maskedPaths?: string[];
  readonlyPaths?: string[];
}

export interface ImageSpec {
  /** Image reference (`registry/repo:tag` or `repo@sha256:…`) or image id. */
  image: string;
  annotations?: Record<string, string>;
}

export interface ContainerMetadata {
  name: string;
  attempt: number;
}

export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: ImageSpec;
  /** Entrypoint (replaces the image's); empty: the image's. Already merged by the agent. */
  command?: string[];
  args?: string[];
  workingDir?: string;
  envs?: KeyValue[];
  mounts?: Mount[];
  devices?: Device[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Relative to the sandbox's logDirectory. */
  logPath?: string;
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  linux?: {
    resources?: LinuxContainerResources;
    securityContext?: LinuxContainerSecurityContext;
  };
  /** Path inside the container of the termination message file (mounted by the agent). */
  stopSignal?: string;
}

export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  /** Nanoseconds since the epoch. */
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PodSandboxStatus extends PodSandbox {
  network?: { ip: string; additionalIps: string[] };
  linux?: { namespaces?: { options?: NamespaceOptions } };
}

export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: ImageSpec;
  /** Image id (digest) the container runs. */
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ContainerStatus extends Container {
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  /** E.g. 'OOMKilled', 'Error', 'Completed'. */
  reason: string;
  message: string;
  mounts: Mount[];
  logPath: string;
}

export interface ContainerFilter {
  id?: string;
  state?: ContainerState;
  podSandboxId?: string;
  labelSelector?: Record<string, string>;
}

export interface PodSandboxFilter {
  id?: string;
  state?: PodSandboxState;
  labelSelector?: Record<string, string>;
}

export interface ExecSyncResponse {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

/** Interactive streams of an exec or attach session. */
export interface StreamOptions {
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  tty?: boolean;
  /** Terminal size changes (tty only). */
  resize?: AsyncIterable<{ width: number; height: number }>;
}

export interface ContainerStats {
  containerId: string;
  /** Nanoseconds since the epoch. */
  timestamp: number;
  cpuUsageCoreNanoSeconds: number;
  memoryWorkingSetBytes: number;
}

export interface RuntimeVersion {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

/** Container and sandbox lifecycle (CRI RuntimeService). */
export interface RuntimeService {
  version(): Promise<RuntimeVersion>;
  runPodSandbox(config: PodSandboxConfig): Promise<string>;
  stopPodSandbox(podSandboxId: string): Promise<void>;
  removePodSandbox(podSandboxId: string): Promise<void>;
  podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus>;
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]>;
  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  /** SIGTERM (or the image's stop signal), then SIGKILL after `timeoutSeconds`. */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  listContainers(filter?: ContainerFilter): Promise<Container[]>;
  containerStatus(containerId: string): Promise<ContainerStatus>;
  execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResponse>;
  /** Runs `cmd` in the container with the given streams; resolves with the exit code. */
  exec(containerId: string, cmd: string[], streams: StreamOptions): Promise<number>;
  /** Attaches to the container's main process streams; resolves when detached or exited. */
  attach(containerId: string, streams: StreamOptions): Promise<void>;
  /** A TCP connection to `port` inside the sandbox's network namespace. */
  portForward(podSandboxId: string, port: number): Promise<NodeJS.ReadWriteStream>;
  containerStats(containerId: string): Promise<ContainerStats>;
  /** Asks the runtime to reopen the container log (after rotation). */
  reopenContainerLog?(containerId: string): Promise<void>;
}

export interface AuthConfig {
  username?: string;
  password?: string;
  auth?: string;
  identityToken?: string;
  registryToken?: string;
}

export interface Image {
  /** `sha256:…` of the image config. */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  /** Entrypoint, cmd, env, working dir, user, exposed ports, from the image config. */
  spec: ImageSpec;
  config?: {
    entrypoint?: string[];
    cmd?: string[];
    env?: string[];
    workingDir?: string;
    user?: string;
    stopSignal?: string;
  };
  /** Imported images are never garbage-collected. */
  pinned: boolean;
}

export interface ImageFsInfo {
  usedBytes: number;
  inodesUsed: number;
}

/** Image management (CRI ImageService). */
export interface ImageService {
  listImages(filter?: { image?: ImageSpec }): Promise<Image[]>;
  /** The image if present, else undefined. */
  imageStatus(image: ImageSpec): Promise<Image | undefined>;
  /** Pulls and returns the image id (image ref). */
  pullImage(image: ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig): Promise<string>;
  removeImage(image: ImageSpec): Promise<void>;
  imageFsInfo(): Promise<ImageFsInfo>;
}

export class CriError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends CriError {}
export class AlreadyExistsError extends CriError {}
/** The image reference could not be resolved or pulled (ErrImagePull). */
export class ImagePullError extends CriError {}
/** The container could not be created (CreateContainerError). */
export class CreateContainerError extends CriError {}
export class StartContainerError extends CriError {}
/** ExecSync ran past its timeout (the command was killed). */
export class ExecTimeoutError extends CriError {}
