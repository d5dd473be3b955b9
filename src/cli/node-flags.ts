// The Node/V8 flags skiff runs with, read from bin/skiff's shebang
// (`#!/usr/bin/env -S node <flags>`), so that tests and benchmarks that
// start it as `node <flags> bin/skiff` run it exactly as users do.
import { readFileSync } from 'node:fs';

const SHEBANG = /^#!\/usr\/bin\/env -S node((?: --[^\s]+)*)\s*$/;

/** The flags in `bin`'s first line (none when it is not an `env -S node` shebang). */
export function launcherNodeFlags(bin: string): string[] {
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '';
  const m = SHEBANG.exec(first);
  return m?.[1] ? m[1].trim().split(/\s+/) : [];
}
