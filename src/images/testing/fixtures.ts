// Shared test set-up: a temp dir, a built busybox image, an image service.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OciImageService, type ImageServiceOptions } from '../service.js';
import { buildBusyboxImage, type BuildOptions, type BuiltImage } from './build-image.js';

/** A fetch that refuses anything but loopback, so tests never reach the internet. */
export const loopbackFetch: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(url.hostname)) {
    return Promise.reject(new TypeError(`test refused non-loopback request to ${url.host}`));
  }
  return fetch(input, init);
};

export interface Fixture {
  dir: string;
  image: BuiltImage;
  service(opts?: Partial<ImageServiceOptions>): OciImageService;
  cleanup(): Promise<void>;
}

export async function fixture(build: Partial<BuildOptions> = {}): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-images-'));
  const image = await buildBusyboxImage({ dir: join(dir, 'layout'), ...build });
  return {
    dir,
    image,
    service: (opts = {}) => new OciImageService({ root: join(dir, 'store'), fetch: loopbackFetch, ...opts }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
