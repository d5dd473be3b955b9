// The `skiff` command: version, help, and `skiff up`'s contract (kubeconfig,
// readiness, clean shutdown on SIGTERM).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { kubectlOk, SKIFF_BIN, startSkiff } from '../helpers/cluster.js';

function skiff(args: string[]) {
  return spawnSync(SKIFF_BIN, args, { encoding: 'utf8' });
}

describe('skiff command', () => {
  it('prints its version', () => {
    const r = skiff(['version']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^skiff \d+\.\d+\.\d+ \(Kubernetes API v1\.\d+\.\d+/);
  });

  it('runs as an executable (the launcher picks the V8 flags), as npm start and installed bins run it', () => {
    const r = spawnSync(SKIFF_BIN, ['version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^skiff \d+\.\d+\.\d+/);
  });

  it('prints help, and refuses unknown commands and flags', () => {
    const h = skiff(['--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /skiff up/);
    assert.equal(skiff(['frobnicate']).status, 1);
    const bad = skiff(['up', '--no-such-flag']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /unknown flag/);
    const overlap = skiff(['up', '--cluster-cidr', '10.42.0.0/16', '--service-cidr', '10.42.128.0/20']);
    assert.equal(overlap.status, 1);
    assert.match(overlap.stderr, /overlap/);
  });

  it('up: writes a working kubeconfig, serves /readyz, and stops cleanly on SIGTERM', async () => {
    const c = await startSkiff();
    try {
      assert.ok(existsSync(c.kubeconfig));
      const kc = YAML.parse(readFileSync(c.kubeconfig, 'utf8'));
      assert.equal(kc.clusters[0].cluster.server, c.url);
      assert.match(c.logs(), /export KUBECONFIG=/);
      assert.equal((await fetch(`${c.url}/readyz`)).status, 200);
      assert.match(kubectlOk(c, ['get', 'namespaces', '-o', 'name']), /namespace\/default/);
      const v = (await (await fetch(`${c.url}/version`)).json()) as { major: string; gitVersion: string };
      assert.equal(v.major, '1');
      assert.equal(await c.stop(), 0);
    } finally {
      await c.stop();
      c.cleanup();
    }
  });
});
