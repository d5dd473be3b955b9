// Running helper commands (mknod, setfattr, docker-registry) with clear errors.
import { execFile } from 'node:child_process';

export class CommandError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Runs a command; resolves with its stdout, rejects with CommandError (naming a missing binary). */
export function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return reject(new CommandError(cmd, `${cmd} not found: install it (Debian packages attr, coreutils)`));
      reject(new CommandError(cmd, `${cmd} ${args.join(' ')} failed: ${String(stderr).trim() || err.message}`));
    });
  });
}
