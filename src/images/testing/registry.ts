// A real registry for tests: `docker-registry` (Debian package docker-registry)
// on 127.0.0.1 with a free port and filesystem storage in a temp dir, plus
// pushing a built image to it with our own push client.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaType } from '../manifest.js';
import { pushBlob, pushManifest, RepositorySession } from '../registry.js';
import type { BuiltImage } from './build-image.js';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export interface TestRegistry {
  /** `127.0.0.1:<port>` */
  host: string;
  /** Pushes an image as `<host>/<repo>:<tag>`; returns the manifest digest. */
  push(img: BuiltImage, repo: string, tag: string): Promise<string>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${logs()}`);
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`docker-registry did not become ready: ${logs()}`);
}

export async function startTestRegistry(): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog: {disabled: true}',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete: {enabled: true}',
    'http:',
    `  addr: ${host}`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'config.yml'), config);
  const child = spawn(REGISTRY_BINARY, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    if (stderr.length < 8192) stderr += c.toString();
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(`http://${host}/v2/`, child, () => stderr);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    host,
    stop,
    async push(img, repo, tag) {
      const s = new RepositorySession({ host, url: `http://${host}/v2`, mirror: false }, repo, undefined, 'pull,push');
      for (const [digest, data] of img.blobs) if (digest !== img.manifestDigest) await pushBlob(s, data, digest);
      return pushManifest(s, tag, img.manifestBytes, img.manifest.mediaType ?? MediaType.OCI_MANIFEST);
    },
  };
}
