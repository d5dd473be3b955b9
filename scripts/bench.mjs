#!/usr/bin/env node
// Runs the compiled benchmarks (no build here: `npm run bench` builds first via setup.mjs).
//   node scripts/bench.mjs [all|apiserver|datastore|wrk-creates|pods|controllers|rollout|
//                           service-proxy|proxy-rules|dns|ingress] [args...]
// "all" (the default) runs dist/bench/datastore.js, then dist/bench/apiserver.js with the
// given args (e.g. --quick, --backend sqlite); --quick also shrinks the datastore run.
// "pods", "rollout" and "service-proxy" (run as root: real containers) and the other
// service-layer benchmarks are not part of "all".
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const SINGLE = ['apiserver', 'datastore', 'wrk-creates', 'pods', 'controllers', 'rollout', 'service-proxy', 'proxy-rules', 'dns', 'ingress'];
const which = ['all', ...SINGLE].includes(argv[0]) ? argv.shift() : 'all';

function run(name, args) {
  const file = join(root, 'dist', 'bench', `${name}.js`);
  if (!existsSync(file)) {
    process.stderr.write(`[bench] ${file} is missing: run \`npm run build\` first\n`);
    process.exit(1);
  }
  process.stderr.write(`[bench] node ${['dist/bench/' + name + '.js', ...args].join(' ')}\n`);
  const r = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (SINGLE.includes(which)) run(which, argv);
else {
  run('datastore', argv.includes('--quick') ? ['--n=2000'] : []);
  run('apiserver', argv);
  run('wrk-creates', argv.includes('--quick') ? ['--runs=1', '--seconds=2'] : []);
}
