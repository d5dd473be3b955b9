// subPath mounts: the sub-path must stay inside its volume (no `..`, no
// absolute paths, no symlink escapes); a missing sub-directory is created as
// kubelet does.
import { mkdirSync, realpathSync, existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { CreateContainerConfigError } from '../errors.js';

export function resolveSubPath(volumePath: string, subPath: string): string {
  if (isAbsolute(subPath) || subPath.split('/').includes('..')) {
    throw new CreateContainerConfigError(`failed to prepare subPath for volumeMount: subPath "${subPath}" must be a relative path without '..'`);
  }
  const target = join(volumePath, subPath);
  if (!existsSync(target)) mkdirSync(target, { recursive: true, mode: 0o750 });
  const root = realpathSync(volumePath);
  const real = realpathSync(target);
  const rel = relative(root, real);
  if (rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) {
    throw new CreateContainerConfigError(`failed to prepare subPath for volumeMount: subpath "${real}" not within volume path "${root}"`);
  }
  return real;
}
