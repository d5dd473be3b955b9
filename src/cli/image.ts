// `skiff image import|ls|rm|pull`: manage the node's image store directly
// (<data-dir>/image-store), like `k3s ctr images` / `crictl images`.
import { ImagePullError } from '../cri/types.js';
import type { Image } from '../cri/types.js';
import { parseNamed } from '../images/reference.js';
import { openImageService } from '../images/service.js';
import { parseFlags, UsageError } from './args.js';

const HELP = `Usage:
  skiff image import FILE...   import OCI archives or docker-archives (docker save); imported images are pinned
  skiff image ls [-q]          list images (-q: ids only)
  skiff image rm IMAGE...      remove images (by name, digest or id)
  skiff image pull IMAGE       pull an image (registries from <data-dir>/registries.yaml)
`;

export function humanSize(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : Number(v.toPrecision(3))}${units[i]}`;
}

function rows(images: Image[]): string[][] {
  const out: string[][] = [];
  for (const img of images) {
    const id = img.id.slice(7, 19);
    const names = img.repoTags.length ? img.repoTags : ['<none>:<none>'];
    for (const t of names) {
      const colon = t.lastIndexOf(':');
      out.push([t.slice(0, colon), t.slice(colon + 1), id, humanSize(img.size), img.pinned ? 'yes' : 'no']);
    }
  }
  return out;
}

function table(header: string[], body: string[][]): string {
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join('')).join('\n') + '\n';
}

export async function runImage(argv: string[], dataDir: string): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(HELP);
    return cmd === undefined ? 1 : 0;
  }
  const quiet = rest.includes('-q') || rest.includes('--quiet');
  const { rest: args } = parseFlags(
    rest.filter((a) => a !== '-q'),
    { quiet: 'boolean' },
  );
  const svc = await openImageService(dataDir);
  switch (cmd) {
    case 'import': {
      if (args.length === 0) throw new UsageError('image import needs at least one archive');
      for (const file of args) {
        const images = await svc.importArchive(file);
        for (const img of images) process.stdout.write(`imported ${img.repoTags.join(', ') || '<untagged>'} (${img.id})\n`);
      }
      return 0;
    }
    case 'ls':
    case 'list': {
      const images = await svc.listImages();
      if (quiet) process.stdout.write(images.map((i) => `${i.id}\n`).join(''));
      else process.stdout.write(table(['IMAGE', 'TAG', 'IMAGE ID', 'SIZE', 'PINNED'], rows(images)));
      return 0;
    }
    case 'rm':
    case 'remove': {
      if (args.length === 0) throw new UsageError('image rm needs at least one image');
      let code = 0;
      for (const name of args) {
        const img = await svc.imageStatus({ image: name });
        if (!img) {
          process.stderr.write(`error: no such image "${name}"\n`);
          code = 1;
          continue;
        }
        await svc.removeImage({ image: img.id });
        process.stdout.write(`deleted ${img.id}\n`);
      }
      return code;
    }
    case 'pull': {
      if (args.length !== 1) throw new UsageError('image pull needs exactly one image');
      parseNamed(args[0]);
      try {
        const id = await svc.pullImage({ image: args[0] });
        process.stdout.write(`${id}\n`);
        return 0;
      } catch (e) {
        if (!(e instanceof ImagePullError)) throw e;
        process.stderr.write(`error: ${e.message}\n`);
        return 1;
      }
    }
    default:
      process.stderr.write(`unknown image command "${cmd}"\n\n${HELP}`);
      return 1;
  }
}
