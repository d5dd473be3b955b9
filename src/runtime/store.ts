// Persisted runtime state: one JSON file per sandbox and per container, so a
// new runtime instance (after an agent restart) re-adopts what is running.
import { readFile, writeFile, rename, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerConfig, PodSandboxConfig, ContainerState } from '../cri/types.js';

export interface SandboxRecord {
  id: string;
  config: PodSandboxConfig;
  createdAt: number;
  /** The infra container's pid (its id is the sandbox id); 0 for sandboxes without one. */
  infraPid: number;
  infraStartTime: number;
  /**
   * Set (once they exist) for sandboxes without an infra container: the files
   * their IPC and UTS namespaces are pinned on (see pinns.ts).
   */
  pinned?: { ipc?: string; uts?: string };
  netnsName?: string;
  netnsPath?: string;
  ip: string;
  additionalIps: string[];
  cgroupParent: string;
  stopped: boolean;
  /** Set once the sandbox is fully set up (namespaces, network, infra container). */
  ready?: boolean;
  /** In memory only: its pinned namespaces were gone when the record was loaded. */
  pinsLost?: boolean;
}

export interface ContainerRecord {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  imageRef: string;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  /** Last state we observed; the exit file and the process are the truth. */
  state: ContainerState;
  exitCode: number;
  reason: string;
  message: string;
  pid: number;
  /** /proc/<pid>/stat start time, to tell our process from a reused pid. */
  pidStartTime: number;
  logPath: string;
  cgroupsPath: string;
  bundle: string;
}

export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await writeFile(tmp, JSON.stringify(value, null, 2));
  await rename(tmp, path);
}

export async function listDirs(path: string): Promise<string[]> {
  try {
    return (await readdir(path, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
}

export function recordPath(dir: string): string {
  return join(dir, 'state.json');
}
