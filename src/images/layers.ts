// Turns an image's layers into committed snapshots (one per chain id),
// fetching a layer blob only when its snapshot is missing.
import type { ContentStore } from './content.js';
import { layerCompression, type Descriptor, type ImageConfig, type ImageManifest } from './manifest.js';
import { chainIds, type SnapshotStore } from './snapshots.js';
import { applyLayer, LayerError } from './unpack.js';
import type { ImageRecord } from './store.js';

export class DiffIdMismatchError extends LayerError {}

export function configSummary(config: ImageConfig): ImageRecord['config'] {
  const c = config.config ?? {};
  const out: ImageRecord['config'] = {};
  if (c.Entrypoint) out.entrypoint = c.Entrypoint;
  if (c.Cmd) out.cmd = c.Cmd;
  if (c.Env) out.env = c.Env;
  if (c.WorkingDir) out.workingDir = c.WorkingDir;
  if (c.User) out.user = c.User;
  if (c.StopSignal) out.stopSignal = c.StopSignal;
  return out;
}

/** Chain ids of the image (validating that config and manifest agree on the layer count). */
export function imageChainIds(manifest: ImageManifest, config: ImageConfig): string[] {
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new LayerError(`image config lists ${diffIds.length} layers, manifest ${manifest.layers.length}`);
  }
  return chainIds(diffIds);
}

export async function unpackImage(
  content: ContentStore,
  snapshots: SnapshotStore,
  manifest: ImageManifest,
  config: ImageConfig,
  ensureBlob: (desc: Descriptor) => Promise<void>,
): Promise<string[]> {
  const chain = imageChainIds(manifest, config);
  const diffIds = config.rootfs.diff_ids;
  for (let i = 0; i < chain.length; i++) {
    if (await snapshots.has(chain[i])) continue;
    const layer = manifest.layers[i];
    const compression = layerCompression(layer.mediaType);
    await ensureBlob(layer);
    const prepared = await snapshots.prepare();
    try {
      const parents = chain.slice(0, i).reverse().map((c) => snapshots.dir(c));
      const r = await applyLayer(await content.open(layer.digest), prepared.fs, { compression, parents });
      if (r.diffId !== diffIds[i]) {
        throw new DiffIdMismatchError(`layer ${layer.digest}: uncompressed digest ${r.diffId} does not match diff id ${diffIds[i]}`);
      }
      await prepared.commit(chain[i]);
    } catch (e) {
      await prepared.abort();
      throw e;
    }
  }
  return chain;
}

/** Compressed size as CRI reports it: config plus layers. */
export function imageSize(manifest: ImageManifest): number {
  return manifest.config.size + manifest.layers.reduce((n, l) => n + l.size, 0);
}
