import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Snapshot } from './node-info.js';
import { Framework, InvalidScoreError, UnknownPluginError } from './runtime.js';
import { Code, Status } from './status.js';
import type { Plugin, PluginFactory } from './interfaces.js';
import { makeNode, makePod, testHandle } from '../testing.js';

const snap = new Snapshot([makeNode('a'), makeNode('b')], []);
const handle = testHandle(() => snap);

function registry(log: string[]): Record<string, PluginFactory> {
  return {
    Deny: () => ({ name: 'Deny', filter: (_s: unknown, _p: unknown, ni: { name: string }) => (ni.name === 'a' ? Status.unschedulable('no a') : undefined) }) as Plugin,
    Never: () => ({ name: 'Never', filter: () => { log.push('never ran'); return undefined; } }) as Plugin,
    PreferB: () => ({ name: 'PreferB', score: (_s: unknown, _p: unknown, ni: { name: string }) => (ni.name === 'b' ? 10 : 0) }) as Plugin,
    Bad: () => ({ name: 'Bad', score: () => 101 }) as Plugin,
    R1: () => ({ name: 'R1', reserve: () => { log.push('reserve R1'); return undefined; }, unreserve: () => log.push('unreserve R1') }) as Plugin,
    R2: () => ({ name: 'R2', reserve: () => Status.unschedulable('full'), unreserve: () => log.push('unreserve R2') }) as Plugin,
    SkipBind: () => ({ name: 'SkipBind', bind: async () => Status.skip() }) as Plugin,
    Bind: () => ({ name: 'Bind', bind: async () => { log.push('bound'); return undefined; } }) as Plugin,
  };
}

test('unknown plugins are refused', () => {
  assert.throws(() => new Framework(registry([]), [{ name: 'Nope' }], handle), UnknownPluginError);
});

test('Filter stops at the first failing plugin and names it', () => {
  const log: string[] = [];
  const fw = new Framework(registry(log), [{ name: 'Deny' }, { name: 'Never' }], handle);
  const s = fw.runFilter(fw.newCycleState(), makePod('p'), snap.get('a')!);
  assert.equal(s?.plugin, 'Deny');
  assert.deepEqual(log, []);
  assert.equal(fw.runFilter(fw.newCycleState(), makePod('p'), snap.get('b')!), undefined);
});

test('scores are weighted and must stay within 0–100', () => {
  const fw = new Framework(registry([]), [{ name: 'PreferB', weight: 3 }], handle);
  assert.deepEqual(fw.runScore(fw.newCycleState(), makePod('p'), snap.nodeInfos, snap), [{ name: 'a', score: 0 }, { name: 'b', score: 30 }]);
  const bad = new Framework(registry([]), [{ name: 'Bad' }], handle);
  assert.throws(() => bad.runScore(bad.newCycleState(), makePod('p'), snap.nodeInfos, snap), InvalidScoreError);
});

test('a failed Reserve unreserves every plugin in reverse order; Bind skips to the next binder', async () => {
  const log: string[] = [];
  const fw = new Framework(registry(log), [{ name: 'R1' }, { name: 'R2' }, { name: 'SkipBind' }, { name: 'Bind' }], handle);
  const s = fw.runReserve(fw.newCycleState(), makePod('p'), 'a');
  assert.equal(s?.code, Code.Unschedulable);
  assert.deepEqual(log, ['reserve R1', 'unreserve R2', 'unreserve R1']);
  assert.equal(await fw.runBind(fw.newCycleState(), makePod('p'), 'a'), undefined);
  assert.equal(log.at(-1), 'bound');
});
