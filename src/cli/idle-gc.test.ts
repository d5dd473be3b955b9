import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const mod = fileURLToPath(new URL('./idle-gc.js', import.meta.url));

test('after a burst, an idle process collects its garbage once; without --expose-gc it does nothing', () => {
  // A child with a heap grown by garbage-producing work, then idle: the check must run one full GC.
  const script = `
    const { startIdleGc } = await import(${JSON.stringify(mod)});
    let calls = 0;
    const real = globalThis.gc;
    if (real) globalThis.gc = () => { calls++; real(); };
    const stop = startIdleGc({ checkMs: 50, quietChecks: 2, growthBytes: 4 << 20 });
    let keep = [];
    for (let i = 0; i < 200000; i++) keep.push({ i, s: 'x' + i });
    keep = null;
    await new Promise((r) => setTimeout(r, 600));
    stop();
    console.log(calls);`;
  const withGc = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(withGc.status, 0, withGc.stderr);
  assert.equal(withGc.stdout.trim(), '1');
  const without = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(without.status, 0, without.stderr);
  assert.equal(without.stdout.trim(), '0');
});
