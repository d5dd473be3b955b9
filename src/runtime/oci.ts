// The OCI runtime's command line (runc and crun share it): state, start,
// kill, delete, exec. Each container's state lives under our own --root.
import { run, runCommand, CommandError } from './exec.js';

export interface OciState {
  ociVersion: string;
  id: string;
  status: 'creating' | 'created' | 'running' | 'stopped' | 'paused';
  pid: number;
  bundle: string;
}

export class OciCli {
  constructor(
    readonly path: string,
    /** --root: where the runtime keeps its state. */
    readonly root: string,
  ) {}

  get globalArgs(): string[] {
    return [`--root=${this.root}`];
  }

  /** The container's state, or undefined if the runtime does not know it. */
  async state(id: string): Promise<OciState | undefined> {
    const r = await runCommand(this.path, [...this.globalArgs, 'state', id]);
    if (r.code !== 0) return undefined;
    return JSON.parse(r.stdout.toString()) as OciState;
  }

  async start(id: string): Promise<void> {
    await run(this.path, [...this.globalArgs, 'start', id]);
  }

  async kill(id: string, signal: string | number, all = false): Promise<void> {
    const args = [...this.globalArgs, 'kill', ...(all ? ['--all'] : []), id, String(signal)];
    const r = await runCommand(this.path, args);
    if (r.code !== 0) {
      const msg = r.stderr.toString();
      // Already gone: not an error for a stop.
      if (/not running|process already finished|no such process|container not running/i.test(msg)) return;
      throw new CommandError(`${this.path} ${args.join(' ')}`, r.code, msg);
    }
  }

  async delete(id: string, force = true): Promise<void> {
    const r = await runCommand(this.path, [...this.globalArgs, 'delete', ...(force ? ['--force'] : []), id]);
    if (r.code !== 0 && !/does not exist|not exist/i.test(r.stderr.toString())) {
      throw new CommandError(`${this.path} delete ${id}`, r.code, r.stderr.toString());
    }
  }

  /** Arguments for `exec` of a process in a running container (no tty). */
  execArgs(id: string, cmd: string[], opts: { env?: string[]; cwd?: string } = {}): string[] {
    const args = [...this.globalArgs, 'exec'];
    for (const e of opts.env ?? []) args.push('--env', e);
    if (opts.cwd) args.push('--cwd', opts.cwd);
    args.push(id, ...cmd);
    return args;
  }
}
