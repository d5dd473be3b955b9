#!/usr/bin/env node
// One-stop set-up used by `npm start`, `npm test` and `npm run build`.
// 1. Debian packages (only when root and apt-get exists): installs what is missing.
// 2. npm dependencies: `npm ci` only when node_modules does not match package-lock.json.
// 3. Build: generated files (OpenAPI definitions) and `tsc` (incremental).
// Uses nothing but node built-ins, because it runs before dependencies exist.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);

// Debian packages Skiff uses at run time or in tests. Keep in step with docs/architecture.md.
export const DEBIAN_PACKAGES = [
  'etcd-server', // etcd datastore backend and its tests
  'etcd-client',
  'runc', // OCI runtimes (runc works on hybrid cgroups; crun on pure v2)
  'crun',
  'conmon', // container monitor: keeps containers and their logs alive across agent restarts
  'containernetworking-plugins', // CNI: bridge, host-local, loopback, portmap
  'iproute2',
  'attr', // setfattr: overlayfs opaque-directory markers when unpacking image layers
  'iptables',
  'nftables',
  'conntrack', // the service proxy clears stale UDP flows when endpoints go
  'busybox-static', // test images and the pod sandbox's pause process
  'docker-registry', // a real OCI registry on loopback for tests
  'skopeo',
  'umoci',
  'wrk', // load generator for bench/wrk-creates.ts
  'podman', // reference for the pod startup benchmark (bench/pods.ts)
];

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    log(`${cmd} ${argv.join(' ')} failed with ${r.status ?? r.signal}`);
    process.exit(r.status || 1);
  }
}

function missingDebianPackages() {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...DEBIAN_PACKAGES], { encoding: 'utf8' });
  const installed = new Set(
    (r.stdout || '').split('\n').filter((l) => l.endsWith(' installed')).map((l) => l.split(' ')[0]),
  );
  return DEBIAN_PACKAGES.filter((p) => !installed.has(p));
}

function ensureDebianPackages() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!existsSync('/usr/bin/apt-get') || !existsSync('/usr/bin/dpkg-query')) return;
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (!isRoot) {
    log(`not root: please install Debian packages ${missing.join(' ')} (some tests and features need them)`);
    return;
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  // Debian's etcd-server package starts a system etcd on the default ports; Skiff never uses it.
  if (missing.includes('etcd-server')) {
    spawnSync('systemctl', ['disable', '--now', 'etcd'], { stdio: 'ignore' });
    spawnSync('pkill', ['-x', 'etcd'], { stdio: 'ignore' });
  }
}

function lockHash() {
  const lock = join(root, 'package-lock.json');
  const pkg = join(root, 'package.json');
  const h = createHash('sha256');
  h.update(readFileSync(pkg));
  if (existsSync(lock)) h.update(readFileSync(lock));
  h.update(process.version);
  return h.digest('hex');
}

function ensureNodeModules() {
  const marker = join(root, 'node_modules', '.skiff-deps.sha256');
  const want = lockHash();
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === want) return;
  log('installing npm dependencies (node_modules does not match package-lock.json)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (existsSync(join(root, 'package-lock.json'))) run(npm, ['ci', '--no-audit', '--no-fund']);
  else run(npm, ['install', '--no-audit', '--no-fund']);
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  writeFileSync(marker, want + '\n');
}

function build() {
  run(process.execPath, [join(root, 'scripts', 'gen-openapi-defs.mjs')]);
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')]);
}

if (!args.has('--build-only')) {
  ensureDebianPackages();
  ensureNodeModules();
}
build();
