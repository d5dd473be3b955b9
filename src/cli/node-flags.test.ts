import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { skiffSpawn } from './node-flags.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = here.includes('/dist/') ? join(here, '..', '..', '..') : join(here, '..', '..');
const BIN = join(root, 'bin', 'skiff');

/** The node flags `bin/skiff args` runs with: a module imported through an extra flag prints them and exits before skiff starts. */
function launchedFlags(args: string[]): string[] {
  const probe = 'data:text/javascript,process.stdout.write(JSON.stringify(process.execArgv));process.exit(0)';
  const s = skiffSpawn(BIN, args, [`--import=${probe}`]);
  const r = spawnSync(s.file, s.args, { env: s.env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[];
}

test('bin/skiff runs node with a semi-space of at most 8 MB and --expose-gc', () => {
  const flags = launchedFlags(['up', '--help']);
  const semi = flags.find((f) => f.startsWith('--max-semi-space-size='));
  assert.ok(semi, `flags: ${flags.join(' ')}`);
  assert.ok(Number(semi.split('=')[1]) <= 8);
  assert.ok(flags.includes('--expose-gc'));
  assert.ok(!flags.includes('--optimize-for-size'), 'the API server is not sized for memory over speed');
});

test('bin/skiff controller-manager runs node with --optimize-for-size', () => {
  const flags = launchedFlags(['controller-manager', '--server', 'http://127.0.0.1:1']);
  assert.ok(flags.includes('--optimize-for-size'), `flags: ${flags.join(' ')}`);
  assert.ok(flags.includes('--expose-gc'));
});

test('extra node flags reach node through the launcher', () => {
  const flags = launchedFlags(['up', '--help']);
  assert.ok(flags.some((f) => f.startsWith('--import=data:')), `flags: ${flags.join(' ')}`);
  assert.ok(flags.indexOf('--expose-gc') < flags.findIndex((f) => f.startsWith('--import=')), 'after the launcher\'s own');
});

test('skiffSpawn puts extra flags in SKIFF_NODE_FLAGS only', () => {
  const s = skiffSpawn('/x/skiff', ['up'], ['--cpu-prof', '--cpu-prof-dir=/tmp/p'], { SKIFF_NODE_FLAGS: '--old', A: '1' });
  assert.equal(s.file, '/x/skiff');
  assert.deepEqual(s.args, ['up']);
  assert.equal(s.env.SKIFF_NODE_FLAGS, '--cpu-prof --cpu-prof-dir=/tmp/p');
  assert.equal(s.env.A, '1');
  assert.equal(skiffSpawn('/x/skiff', [], [], { SKIFF_NODE_FLAGS: '--old' }).env.SKIFF_NODE_FLAGS, undefined);
  assert.throws(() => skiffSpawn('/x/skiff', [], ['--a b']), /white space/);
});
