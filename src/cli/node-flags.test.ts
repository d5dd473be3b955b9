import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launcherNodeFlags } from './node-flags.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = here.includes('/dist/') ? join(here, '..', '..', '..') : join(here, '..', '..');

test('bin/skiff runs node with a semi-space of at most 8 MB', () => {
  const flags = launcherNodeFlags(join(root, 'bin', 'skiff'));
  const semi = flags.find((f) => f.startsWith('--max-semi-space-size='));
  assert.ok(semi, `flags: ${flags.join(' ')}`);
  assert.ok(Number(semi.split('=')[1]) <= 8);
});

test('flags are read from an env -S shebang only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-flags-'));
  try {
    const f = join(dir, 'x');
    writeFileSync(f, '#!/usr/bin/env -S node --a=1 --b\nrest\n');
    assert.deepEqual(launcherNodeFlags(f), ['--a=1', '--b']);
    writeFileSync(f, '#!/usr/bin/env node\n');
    assert.deepEqual(launcherNodeFlags(f), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
