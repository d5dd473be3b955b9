// Image references, parsed and normalized the way docker does
// (github.com/distribution/reference: ParseNormalizedNamed + TagNameOnly):
//   busybox                 → docker.io/library/busybox:latest
//   localhost:5000/x/y:tag  → localhost:5000/x/y:tag
//   repo@sha256:<hex>       → docker.io/library/repo@sha256:<hex>
//   repo:tag@sha256:<hex>   → keeps both (the digest wins when pulling).

export const DEFAULT_DOMAIN = 'docker.io';
export const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
export const OFFICIAL_REPO_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';
const NAME_TOTAL_LENGTH_MAX = 255;

export class InvalidReferenceError extends Error {
  constructor(
    readonly reference: string,
    reason?: string,
  ) {
    super(reason ? `invalid reference format: ${reason}` : `invalid reference format: "${reference}"`);
    this.name = new.target.name;
  }
}
/** The repository name has upper-case letters. */
export class ReferenceNotLowercaseError extends InvalidReferenceError {
  constructor(reference: string, repo: string) {
    super(reference, `repository name (${repo}) must be lowercase`);
  }
}
export class ReferenceNameTooLongError extends InvalidReferenceError {
  constructor(reference: string) {
    super(reference, `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
}
export class InvalidTagError extends InvalidReferenceError {
  constructor(reference: string, tag: string) {
    super(reference, `invalid tag "${tag}"`);
  }
}
export class InvalidDigestError extends InvalidReferenceError {
  constructor(reference: string, digest: string) {
    super(reference, `invalid digest "${digest}"`);
  }
}
/** A bare 64-hex string cannot name a repository (it looks like an image id). */
export class ReferenceIsIdentifierError extends InvalidReferenceError {
  constructor(reference: string) {
    super(reference, `invalid repository name (${reference}), cannot specify 64-byte hexadecimal strings`);
  }
}

export interface ImageReference {
  /** Registry host (with port), e.g. `docker.io`, `127.0.0.1:5000`. */
  domain: string;
  /** Repository path inside the registry, e.g. `library/busybox`. */
  path: string;
  tag?: string;
  /** `sha256:<hex>` */
  digest?: string;
}

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256_RE = /^sha256:[a-f0-9]{64}$/;
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;

export function isDigest(s: string): boolean {
  return SHA256_RE.test(s);
}

function splitDomain(name: string): { domain: string; path: string } {
  const i = name.indexOf('/');
  const first = i < 0 ? '' : name.slice(0, i);
  const isDomain = i >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let domain = isDomain ? first : DEFAULT_DOMAIN;
  let path = isDomain ? name.slice(i + 1) : name;
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_REPO_PREFIX + path;
  return { domain, path };
}

/** Parses a (possibly familiar) reference and fills in the default domain, `library/` and the `latest` tag. */
export function parseReference(input: string): ImageReference {
  const ref = parseNamed(input);
  if (!ref.tag && !ref.digest) ref.tag = DEFAULT_TAG;
  return ref;
}

/** Like parseReference but without adding the default tag. */
export function parseNamed(input: string): ImageReference {
  const s = input.trim();
  if (s === '' || s !== input) throw new InvalidReferenceError(input);
  if (IDENTIFIER_RE.test(s)) throw new ReferenceIsIdentifierError(s);
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest) || (digest.startsWith('sha256:') && !SHA256_RE.test(digest))) {
      throw new InvalidDigestError(input, digest);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) throw new InvalidTagError(input, tag);
  }
  const { domain, path } = splitDomain(rest);
  if (!DOMAIN_RE.test(domain)) throw new InvalidReferenceError(input);
  if (!PATH_RE.test(path)) {
    if (PATH_RE.test(path.toLowerCase())) throw new ReferenceNotLowercaseError(input, path);
    throw new InvalidReferenceError(input);
  }
  if (domain.length + 1 + path.length > NAME_TOTAL_LENGTH_MAX) throw new ReferenceNameTooLongError(input);
  const out: ImageReference = { domain, path };
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/** `domain/path` */
export function repoName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

export function formatReference(ref: ImageReference): string {
  return repoName(ref) + (ref.tag ? `:${ref.tag}` : '') + (ref.digest ? `@${ref.digest}` : '');
}

/** Normalized string form: `busybox` → `docker.io/library/busybox:latest`. */
export function normalizeReference(input: string): string {
  return formatReference(parseReference(input));
}

/** The short form docker prints: `docker.io/library/busybox:latest` → `busybox:latest`. */
export function familiarString(ref: ImageReference): string {
  let name = repoName(ref);
  if (ref.domain === DEFAULT_DOMAIN) {
    name = ref.path.startsWith(OFFICIAL_REPO_PREFIX) ? ref.path.slice(OFFICIAL_REPO_PREFIX.length) : ref.path;
  }
  return name + (ref.tag ? `:${ref.tag}` : '') + (ref.digest ? `@${ref.digest}` : '');
}
