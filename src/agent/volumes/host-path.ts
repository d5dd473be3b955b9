// hostPath volumes and their type checks (pkg/volume/hostpath).
import { mkdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { VolumeSetupError } from '../errors.js';

export type HostPathType = '' | 'DirectoryOrCreate' | 'Directory' | 'FileOrCreate' | 'File' | 'Socket' | 'CharDevice' | 'BlockDevice';

export function setUpHostPath(path: string, type: HostPathType = ''): string {
  const fail = (what: string): never => {
    throw new VolumeSetupError(`hostPath type check failed: ${path} is not a ${what}`);
  };
  const st = (): ReturnType<typeof statSync> | undefined => (existsSync(path) ? statSync(path) : undefined);
  switch (type) {
    case '':
      return path;
    case 'DirectoryOrCreate': {
      const s = st();
      if (!s) mkdirSync(path, { recursive: true, mode: 0o755 });
      else if (!s.isDirectory()) fail('directory');
      return path;
    }
    case 'Directory':
      if (!st()?.isDirectory()) fail('directory');
      return path;
    case 'FileOrCreate': {
      const s = st();
      if (!s) {
        mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
        writeFileSync(path, '', { mode: 0o644 });
      } else if (!s.isFile()) fail('file');
      return path;
    }
    case 'File':
      if (!st()?.isFile()) fail('file');
      return path;
    case 'Socket':
      if (!st()?.isSocket()) fail('socket file');
      return path;
    case 'CharDevice':
      if (!st()?.isCharacterDevice()) fail('character device');
      return path;
    case 'BlockDevice':
      if (!st()?.isBlockDevice()) fail('block device');
      return path;
  }
  throw new VolumeSetupError(`hostPath type ${type} is not supported`);
}
