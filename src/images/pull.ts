// Pulling an image: resolve the reference on the registry's endpoints
// (mirrors first), pick the platform manifest, fetch config and layers into
// the content store, unpack them into snapshots, record the image.
import type { AuthConfig } from '../cri/types.js';
import { ImagePullError } from '../cri/types.js';
import type { ContentStore } from './content.js';
import { configSummary, imageChainIds, imageSize, unpackImage } from './layers.js';
import { parseManifestDocument, selectManifest, type ImageConfig, type ImageManifest, type Platform } from './manifest.js';
import { formatReference, repoName, type ImageReference } from './reference.js';
import { endpointsFor, type RegistriesConfig } from './registry-config.js';
import { getBlob, getManifest, RegistryNotFoundError, RepositorySession, type FetchedManifest } from './registry.js';
import type { SnapshotStore } from './snapshots.js';
import { assignNames, type MetadataStore } from './store.js';

export interface PullContext {
  content: ContentStore;
  snapshots: SnapshotStore;
  store: MetadataStore;
  platform: Platform;
  registries: () => Promise<RegistriesConfig>;
  fetch?: typeof fetch;
}

async function resolve(ctx: PullContext, ref: ImageReference, auth: AuthConfig | undefined) {
  const reference = ref.digest ?? ref.tag ?? 'latest';
  const errors: Error[] = [];
  for (const ep of endpointsFor(await ctx.registries(), ref.domain)) {
    const creds = auth && !ep.mirror ? auth : (ep.auth ?? auth);
    const session = new RepositorySession(ep, ref.path, creds, 'pull', ctx.fetch);
    try {
      return { session, top: await getManifest(session, reference) };
    } catch (e) {
      errors.push(e as Error);
    }
  }
  const name = formatReference(ref);
  if (errors.every((e) => e instanceof RegistryNotFoundError)) {
    throw new ImagePullError(`failed to resolve reference "${name}": ${name}: not found`);
  }
  throw new ImagePullError(`failed to resolve reference "${name}": ${errors.map((e) => e.message).join('; ')}`);
}

/** Pulls `ref` and returns the image id (config digest). */
export async function pull(ctx: PullContext, ref: ImageReference, auth?: AuthConfig): Promise<string> {
  const name = formatReference(ref);
  const { session, top } = await resolve(ctx, ref, auth);
  try {
    const docs: FetchedManifest[] = [top];
    let parsed = parseManifestDocument(top.body, top.mediaType);
    if (parsed.kind === 'index') {
      const chosen = selectManifest(parsed.index, ctx.platform);
      const m = await getManifest(session, chosen.digest);
      docs.push(m);
      parsed = parseManifestDocument(m.body, m.mediaType);
      if (parsed.kind !== 'manifest') throw new ImagePullError(`nested image index in ${name} is not supported`);
    }
    const manifest: ImageManifest = parsed.manifest;
    const manifestDigest = docs[docs.length - 1].digest;
    const configBytes = await readAll(await getBlob(session, manifest.config));
    const config = JSON.parse(configBytes.toString('utf8')) as ImageConfig;
    const chain = imageChainIds(manifest, config);
    const blobs = [...docs.map((d) => d.digest), manifest.config.digest, ...manifest.layers.map((l) => l.digest)];
    const lease = await ctx.store.addLease({ blobs, chainIds: chain });
    try {
      for (const d of docs) await ctx.content.write(d.body, { digest: d.digest });
      const id = (await ctx.content.write(configBytes, { digest: manifest.config.digest, size: manifest.config.size })).digest;
      await unpackImage(ctx.content, ctx.snapshots, manifest, config, async (desc) => {
        if (await ctx.content.has(desc.digest)) return;
        await ctx.content.write(await getBlob(session, desc), { digest: desc.digest, size: desc.size });
      });
      const tags = ref.tag ? [formatReference({ domain: ref.domain, path: ref.path, tag: ref.tag })] : [];
      await ctx.store.update((m) => {
        const prev = m.images[id];
        m.images[id] = {
          id,
          target: top.digest,
          manifest: manifestDigest,
          repoTags: prev?.repoTags ?? [],
          repoDigests: prev?.repoDigests ?? [],
          size: imageSize(manifest),
          pinned: prev?.pinned ?? false,
          blobs: [...new Set([...(prev?.blobs ?? []), ...blobs])],
          chainIds: chain,
          config: configSummary(config),
          createdAt: prev?.createdAt ?? Date.now(),
        };
        assignNames(m, id, tags, [`${repoName(ref)}@${top.digest}`]);
        delete m.leases[lease];
      });
      return id;
    } finally {
      await ctx.store.removeLease(lease);
    }
  } catch (e) {
    if (e instanceof ImagePullError) throw e;
    throw new ImagePullError(`failed to pull and unpack image "${name}": ${(e as Error).message}`);
  }
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}
