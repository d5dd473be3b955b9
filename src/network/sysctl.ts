// Reading and writing /proc/sys settings on the host, or inside a named
// network namespace (tests): net.* settings are per namespace, so there they
// go through `ip netns exec`.
import { readFile, writeFile } from 'node:fs/promises';
import { runCommand } from './exec.js';

export class SysctlError extends Error {
  constructor(path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.name = 'SysctlError';
  }
}

/** The setting's value, trimmed; undefined when the file does not exist. */
export async function readSysctl(path: string, netns?: string): Promise<string | undefined> {
  if (!netns) return readFile(path, 'utf8').then((v) => v.trim(), () => undefined);
  const r = await runCommand('ip', ['netns', 'exec', netns, 'cat', path], { timeoutMs: 10_000 });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** Sets the value; rejects with SysctlError when it cannot. */
export async function writeSysctl(path: string, value: string, netns?: string): Promise<void> {
  if (!netns) return writeFile(path, `${value}\n`).catch((e: Error) => Promise.reject(new SysctlError(path, e.message)));
  const r = await runCommand('ip', ['netns', 'exec', netns, 'sh', '-c', `echo ${value} > ${path}`], { timeoutMs: 10_000 });
  if (r.code !== 0) throw new SysctlError(`${path} in netns ${netns}`, r.stderr.trim() || `exit ${r.code}`);
}
