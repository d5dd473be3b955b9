// RFC 6901 JSON Pointer helpers for the JSON patch implementation.
import { isObject, type JsonObject } from './json-value.js';

/** Unescapes one reference token: `~1` → `/`, then `~0` → `~`. */
export function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Escapes one reference token: `~` → `~0`, `/` → `~1`. */
export function encodePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export type Container = JsonObject | unknown[];

export interface Location {
  container: Container;
  /** Unescaped last reference token. */
  key: string;
}

/** Parses an array index token; `undefined` when it is not an integer. */
export function parseIndex(token: string): number | undefined {
  return /^-?[0-9]+$/.test(token) ? Number(token) : undefined;
}

/**
 * Finds the container that holds the value `path` points at, and the last
 * token. Like evanphx/json-patch v4, the root pointer "" has no parent (so
 * operations on the whole document fail) and a missing, null or scalar
 * intermediate value means the path is missing.
 */
export function findParent(doc: Container, path: string): Location | undefined {
  if (!path.startsWith('/')) return undefined;
  const tokens = path.slice(1).split('/').map(decodePointerToken);
  let cur: Container = doc;
  for (const token of tokens.slice(0, -1)) {
    let next: unknown;
    if (Array.isArray(cur)) {
      const idx = parseIndex(token);
      if (idx === undefined || idx < 0 || idx >= cur.length) return undefined;
      next = cur[idx];
    } else {
      next = Object.prototype.hasOwnProperty.call(cur, token) ? cur[token] : undefined;
    }
    if (!isObject(next) && !Array.isArray(next)) return undefined;
    cur = next;
  }
  return { container: cur, key: tokens[tokens.length - 1]! };
}
