// Finds a pod's containers and sandbox in the runtime by the labels the agent
// puts on them (the same labels kubelet uses).
import type { Container, PodSandbox, RuntimeService } from '../../cri/types.js';

export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';

/** An HTTP-level failure of an agent request: the status code and a plain-text message. */
export class AgentRequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'AgentRequestError';
  }
}

/** The pod's containers named `container`, newest attempt first. */
export async function containerAttempts(runtime: RuntimeService, namespace: string, pod: string, container: string): Promise<Container[]> {
  const list = await runtime.listContainers({
    labelSelector: { [LABEL_POD_NAMESPACE]: namespace, [LABEL_POD_NAME]: pod, [LABEL_CONTAINER_NAME]: container },
  });
  // Containers of an older sandbox of the same pod sort by creation time too.
  return list
    .filter((c) => c.labels[LABEL_POD_NAMESPACE] === namespace && c.labels[LABEL_POD_NAME] === pod && c.labels[LABEL_CONTAINER_NAME] === container)
    .sort((a, b) => b.createdAt - a.createdAt || b.metadata.attempt - a.metadata.attempt);
}

/** The container to stream from: the newest attempt, or the one before it with `previous`. */
export async function findContainer(runtime: RuntimeService, namespace: string, pod: string, container: string, previous = false): Promise<Container> {
  const attempts = await containerAttempts(runtime, namespace, pod, container);
  if (previous) {
    const prev = attempts[1];
    if (!prev) throw new AgentRequestError(400, `previous terminated container "${container}" in pod "${pod}" not found`);
    return prev;
  }
  const cur = attempts[0];
  if (!cur) throw new AgentRequestError(404, `container "${container}" in pod "${pod}" is not available`);
  return cur;
}

/** A running container for exec/attach. */
export async function findRunningContainer(runtime: RuntimeService, namespace: string, pod: string, container: string): Promise<Container> {
  const c = await findContainer(runtime, namespace, pod, container);
  if (c.state !== 'CONTAINER_RUNNING') {
    throw new AgentRequestError(400, `container ${container} is not running (state: ${c.state.replace('CONTAINER_', '').toLowerCase()})`);
  }
  return c;
}

/** The pod's ready sandbox (for port-forward). */
export async function findSandbox(runtime: RuntimeService, namespace: string, pod: string, uid?: string): Promise<PodSandbox> {
  const list = await runtime.listPodSandbox({ labelSelector: { [LABEL_POD_NAMESPACE]: namespace, [LABEL_POD_NAME]: pod } });
  const matching = list
    .filter((s) => (s.labels[LABEL_POD_NAMESPACE] ?? s.metadata.namespace) === namespace && (s.labels[LABEL_POD_NAME] ?? s.metadata.name) === pod)
    .filter((s) => !uid || (s.labels[LABEL_POD_UID] ?? s.metadata.uid) === uid)
    .sort((a, b) => b.createdAt - a.createdAt);
  const ready = matching.find((s) => s.state === 'SANDBOX_READY');
  if (!ready) throw new AgentRequestError(404, `pod ${namespace}/${pod} has no running sandbox`);
  return ready;
}
