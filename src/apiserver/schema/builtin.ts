// Built-in definitions, generated at build time by scripts/gen-openapi-defs.mjs
// from kubernetes-types into dist/generated/openapi-defs.json. Loaded once, on
// first use. Compiled, this file is dist/src/apiserver/schema/builtin.js.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Definitions } from './types.js';

export class BuiltinSchemasMissingError extends Error {
  constructor(path: string, cause: unknown) {
    super(`built-in OpenAPI definitions not found at ${path} (run the build: node scripts/setup.mjs --build-only): ${String(cause)}`);
    this.name = 'BuiltinSchemasMissingError';
  }
}

/** Where the generator writes the definitions, relative to this module (src/ or dist/src/). */
function candidatePaths(): string[] {
  const here = new URL('.', import.meta.url);
  return [
    fileURLToPath(new URL('../../../generated/openapi-defs.json', here)), // dist/src/apiserver/schema → dist/generated
    fileURLToPath(new URL('../../../dist/generated/openapi-defs.json', here)), // src/apiserver/schema (tsx) → dist/generated
  ];
}

let cached: Definitions | undefined;

/** The built-in definitions. Treat as read-only: the object is shared. */
export function builtinDefinitions(): Definitions {
  if (cached) return cached;
  const paths = candidatePaths();
  let lastError: unknown;
  for (const path of paths) {
    try {
      cached = JSON.parse(readFileSync(path, 'utf8')) as Definitions;
      return cached;
    } catch (err) {
      lastError = err;
    }
  }
  throw new BuiltinSchemasMissingError(paths[0]!, lastError);
}
