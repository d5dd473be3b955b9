// OCI image index / manifest / config and their Docker v2 schema2
// equivalents (manifest list, manifest), plus platform selection.

export const MediaType = {
  OCI_INDEX: 'application/vnd.oci.image.index.v1+json',
  OCI_MANIFEST: 'application/vnd.oci.image.manifest.v1+json',
  OCI_CONFIG: 'application/vnd.oci.image.config.v1+json',
  OCI_LAYER: 'application/vnd.oci.image.layer.v1.tar',
  OCI_LAYER_GZIP: 'application/vnd.oci.image.layer.v1.tar+gzip',
  OCI_LAYER_ZSTD: 'application/vnd.oci.image.layer.v1.tar+zstd',
  OCI_LAYER_ND_GZIP: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  DOCKER_MANIFEST_LIST: 'application/vnd.docker.distribution.manifest.list.v2+json',
  DOCKER_MANIFEST: 'application/vnd.docker.distribution.manifest.v2+json',
  DOCKER_CONFIG: 'application/vnd.docker.container.image.v1+json',
  DOCKER_LAYER_GZIP: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  DOCKER_FOREIGN_LAYER_GZIP: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  DOCKER_SCHEMA1_SIGNED: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  DOCKER_SCHEMA1: 'application/vnd.docker.distribution.manifest.v1+json',
} as const;

/** What a registry client sends in Accept when fetching manifests. */
export const MANIFEST_ACCEPT = [
  MediaType.OCI_INDEX,
  MediaType.OCI_MANIFEST,
  MediaType.DOCKER_MANIFEST_LIST,
  MediaType.DOCKER_MANIFEST,
].join(', ');

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class UnsupportedMediaTypeError extends ManifestError {}
export class NoMatchingPlatformError extends ManifestError {}

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ContainerConfigSection {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
}

export interface ImageConfig {
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  variant?: string;
  config?: ContainerConfigSection;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: { created?: string; created_by?: string; empty_layer?: boolean; comment?: string }[];
}

export function isIndexType(mt: string | undefined): boolean {
  return mt === MediaType.OCI_INDEX || mt === MediaType.DOCKER_MANIFEST_LIST;
}
export function isManifestType(mt: string | undefined): boolean {
  return mt === MediaType.OCI_MANIFEST || mt === MediaType.DOCKER_MANIFEST;
}

/** Layer compression by media type; throws for media types that are not layers we can apply. */
export function layerCompression(mt: string): 'gzip' | 'none' | 'zstd' {
  switch (mt) {
    case MediaType.OCI_LAYER:
    case 'application/vnd.oci.image.layer.nondistributable.v1.tar':
    case 'application/vnd.docker.image.rootfs.diff.tar':
      return 'none';
    case MediaType.OCI_LAYER_GZIP:
    case MediaType.OCI_LAYER_ND_GZIP:
    case MediaType.DOCKER_LAYER_GZIP:
    case MediaType.DOCKER_FOREIGN_LAYER_GZIP:
      return 'gzip';
    case MediaType.OCI_LAYER_ZSTD:
    case 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd':
      return 'zstd';
    default:
      throw new UnsupportedMediaTypeError(`unsupported layer media type ${mt}`);
  }
}

/**
 * Works out whether a manifest document is an index or a manifest: from the
 * media type the registry sent, else the document's own `mediaType`, else its shape.
 */
export function parseManifestDocument(
  body: Buffer,
  contentType?: string,
): { kind: 'index'; mediaType: string; index: ImageIndex } | { kind: 'manifest'; mediaType: string; manifest: ImageManifest } {
  let doc: { mediaType?: string; schemaVersion?: number; manifests?: unknown; layers?: unknown; config?: unknown };
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ManifestError('manifest is not valid JSON');
  }
  const ct = contentType?.split(';')[0].trim();
  let mt = doc.mediaType ?? (ct && ct !== 'application/json' && ct !== 'text/plain' ? ct : undefined);
  if (mt === MediaType.DOCKER_SCHEMA1 || mt === MediaType.DOCKER_SCHEMA1_SIGNED || doc.schemaVersion === 1) {
    throw new UnsupportedMediaTypeError('Docker image manifest schema version 1 is not supported');
  }
  if (!mt) mt = Array.isArray(doc.manifests) ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST;
  if (isIndexType(mt)) {
    if (!Array.isArray(doc.manifests)) throw new ManifestError('image index has no manifests');
    return { kind: 'index', mediaType: mt, index: doc as ImageIndex };
  }
  if (isManifestType(mt)) {
    if (!Array.isArray(doc.layers) || typeof doc.config !== 'object' || doc.config === null) {
      throw new ManifestError('image manifest lacks config or layers');
    }
    return { kind: 'manifest', mediaType: mt, manifest: doc as ImageManifest };
  }
  throw new UnsupportedMediaTypeError(`unsupported manifest media type ${mt}`);
}

const ARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', mips: 'mips', mipsel: 'mipsle', loong64: 'loong64' };

/** The platform of this node, in OCI terms (process.arch mapped to GOARCH). */
export function hostPlatform(): Platform {
  const architecture = ARCH[process.arch] ?? process.arch;
  const p: Platform = { os: 'linux', architecture };
  if (architecture === 'arm64') p.variant = 'v8';
  if (architecture === 'arm') p.variant = `v${(process.config.variables as { arm_version?: string }).arm_version ?? '7'}`;
  return p;
}

function normVariant(p: Platform): string | undefined {
  if (p.architecture === 'arm64' && (p.variant === undefined || p.variant === '')) return 'v8';
  return p.variant || undefined;
}

/** Whether an image for `candidate` runs on `want` (exact os/arch; variant if both state one). */
export function platformMatches(want: Platform, candidate: Platform | undefined): boolean {
  if (!candidate) return false;
  if (candidate.os !== want.os || candidate.architecture !== want.architecture) return false;
  const wv = normVariant(want);
  const cv = normVariant(candidate);
  return !wv || !cv || wv === cv;
}

/** The best manifest of an index for `platform`: exact variant first, then any compatible. */
export function selectManifest(index: ImageIndex, platform: Platform = hostPlatform()): Descriptor {
  const candidates = index.manifests.filter((d) => isManifestType(d.mediaType) && platformMatches(platform, d.platform));
  const exact = candidates.find((d) => normVariant(d.platform!) === normVariant(platform));
  const chosen = exact ?? candidates[0];
  if (chosen) return chosen;
  // Single-manifest indexes without platform (e.g. some OCI archives) are taken as they are.
  const plain = index.manifests.filter((d) => isManifestType(d.mediaType) && !d.platform);
  if (plain.length === 1) return plain[0];
  const have = index.manifests
    .map((d) => (d.platform ? `${d.platform.os}/${d.platform.architecture}${d.platform.variant ? '/' + d.platform.variant : ''}` : 'unknown'))
    .join(', ');
  throw new NoMatchingPlatformError(
    `no image for platform ${platform.os}/${platform.architecture}${platform.variant ? '/' + platform.variant : ''} (image has: ${have || 'none'})`,
  );
}
