// Persisted runtime state: one JSON file per sandbox and per container, so a
// new runtime instance (after an agent restart) re-adopts what is running.
import { readdir } from 'node:fs/promises';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
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

// Records are a few KB: read and written synchronously. Each fs.promises call
// is several thread-pool round trips (open, stat, read, close), ~130–170 µs of
// CPU against ~40 µs for the synchronous calls, and a pod's start writes a
// handful of records.

export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Replaces the file atomically (a new file renamed over it). */
export async function writeJson(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(tmp, JSON.stringify(value, null, 2));
  renameSync(tmp, path);
}

/**
 * The ids (directory names) under a records directory: listed from disk once,
 * when first asked (after a restart, to re-adopt), then kept up to date by the
 * runtime, the directory's only writer, instead of listing it for every query.
 */
export class IdIndex {
  private ids?: Promise<Set<string>>;

  constructor(private readonly dir: string) {}

  /** A snapshot of the ids. */
  async list(): Promise<string[]> {
    return [...(await this.load())];
  }

  async add(id: string): Promise<void> {
    (await this.load()).add(id);
  }

  async delete(id: string): Promise<void> {
    (await this.load()).delete(id);
  }

  private load(): Promise<Set<string>> {
    return (this.ids ??= listDirs(this.dir).then((ids) => new Set(ids)));
  }
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
