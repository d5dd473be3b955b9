#!/usr/bin/env node
// Generates dist/generated/openapi-defs.json from kubernetes-types (placeholder; see issue 2).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'dist', 'generated'), { recursive: true });
writeFileSync(join(root, 'dist', 'generated', 'openapi-defs.json'), '{}\n');
