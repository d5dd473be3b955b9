// OpenAPI documents for the HTTP layer: /openapi/v2 (JSON and protobuf) and
// /openapi/v3 (index plus one document per group version). Documents are
// built on first use and kept until invalidate() (CRDs come and go).
import { createHash } from 'node:crypto';
import type { ResourceDef } from '../types.js';
import type { SchemaSet } from '../schema/set.js';
import { encodeV2Protobuf, PROTOBUF_V2_ACCEPT_TYPES, PROTOBUF_V2_CONTENT_TYPE } from './protobuf.js';
import { buildV2, DEFAULT_INFO, type DocInfo } from './v2.js';
import { buildV3, type OpenAPIV3Doc } from './v3.js';

export { PROTOBUF_V2_ACCEPT_TYPES, PROTOBUF_V2_CONTENT_TYPE };

/** Upstream's ETag of a served document: the SHA-512 of its bytes, upper-case hex (sent quoted in the ETag header). */
export function computeETag(data: Buffer): string {
  return createHash('sha512').update(data).digest('hex').toUpperCase();
}

export interface V3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

interface V2Cache {
  json: Buffer;
  etag: string;
  protobuf?: Buffer;
}

interface V3Entry {
  doc: OpenAPIV3Doc;
  json: Buffer;
  etag: string;
}

export class OpenAPIService {
  private v2?: V2Cache;
  private v3?: Map<string, V3Entry>;

  constructor(
    private readonly resources: () => ResourceDef[],
    private readonly schemas: SchemaSet,
    private readonly info: DocInfo = DEFAULT_INFO,
  ) {}

  /** Drops cached documents; the next request rebuilds them. */
  invalidate(): void {
    this.v2 = undefined;
    this.v3 = undefined;
  }

  private v2Cache(): V2Cache {
    if (!this.v2) {
      const json = Buffer.from(JSON.stringify(buildV2(this.resources(), this.schemas, this.info)));
      this.v2 = { json, etag: computeETag(json) };
    }
    return this.v2;
  }

  v2Json(): Buffer {
    return this.v2Cache().json;
  }

  v2Protobuf(): Buffer {
    const c = this.v2Cache();
    c.protobuf ??= encodeV2Protobuf(JSON.parse(c.json.toString('utf8')) as Record<string, unknown>);
    return c.protobuf;
  }

  /** ETag of the v2 document (both encodings share it, as upstream). */
  v2ETag(): string {
    return this.v2Cache().etag;
  }

  private v3Cache(): Map<string, V3Entry> {
    if (!this.v3) {
      this.v3 = new Map();
      for (const [path, doc] of buildV3(this.resources(), this.schemas, this.info)) {
        const json = Buffer.from(JSON.stringify(doc));
        this.v3.set(path, { doc, json, etag: computeETag(json) });
      }
    }
    return this.v3;
  }

  /** `/openapi/v3`: each group version's document URL, pinned by hash. */
  v3Index(): V3Index {
    const paths: V3Index['paths'] = {};
    for (const [path, e] of this.v3Cache()) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${e.etag}` };
    return { paths };
  }

  /** The document for `api/v1` or `apis/<group>/<version>` (leading slash tolerated). */
  v3Doc(path: string): OpenAPIV3Doc | undefined {
    return this.v3Cache().get(path.replace(/^\/+/, ''))?.doc;
  }

  v3Json(path: string): Buffer | undefined {
    return this.v3Cache().get(path.replace(/^\/+/, ''))?.json;
  }

  v3ETag(path: string): string | undefined {
    return this.v3Cache().get(path.replace(/^\/+/, ''))?.etag;
  }
}
