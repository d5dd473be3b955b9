import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findBestMatch, volumeMismatch } from './match.js';
import { makeClaim, makeVolume, storageNode } from './testing.js';

const avail = (name: string, o: Parameters<typeof makeVolume>[1] = {}) => makeVolume(name, { phase: 'Available', className: 'manual', ...o });

describe('findBestMatch', () => {
  const claim = makeClaim('data', { size: '1Gi', className: 'manual' });
  claim.metadata!.uid = 'u1';

  it('picks the smallest available volume that is large enough', () => {
    const vols = [avail('big', { size: '10Gi' }), avail('small', { size: '500Mi' }), avail('mid', { size: '2Gi' })];
    assert.equal(findBestMatch(claim, vols, { className: 'manual', delayBinding: false })?.metadata?.name, 'mid');
  });

  it('skips other classes, missing access modes, bound and non-Available volumes', () => {
    const vols = [
      avail('other', { className: 'fast' }),
      avail('rox', { modes: ['ReadOnlyMany'] }),
      avail('taken', { claim: { name: 'x', uid: 'u9' } }),
      makeVolume('released', { className: 'manual', phase: 'Released' }),
    ];
    assert.equal(findBestMatch(claim, vols, { className: 'manual', delayBinding: false }), undefined);
  });

  it('honours the claim selector', () => {
    const sel = makeClaim('data', { className: 'manual', selector: { matchLabels: { tier: 'gold' } } });
    const vols = [avail('plain', { size: '1Gi' }), avail('gold', { size: '5Gi', labels: { tier: 'gold' } })];
    assert.equal(findBestMatch(sel, vols, { className: 'manual', delayBinding: false })?.metadata?.name, 'gold');
  });

  it('a pre-bound volume wins over a smaller one, even when binding waits for a consumer', () => {
    const vols = [avail('small', { size: '1Gi' }), avail('mine', { size: '8Gi', claim: { name: 'data' } })];
    assert.equal(findBestMatch(claim, vols, { className: 'manual', delayBinding: true })?.metadata?.name, 'mine');
  });

  it('with WaitForFirstConsumer, only volumes reachable from the selected node match', () => {
    const vols = [avail('on-a', { node: 'a' }), avail('on-b', { node: 'b', size: '2Gi' })];
    assert.equal(findBestMatch(claim, vols, { className: 'manual', delayBinding: true }), undefined);
    assert.equal(findBestMatch(claim, vols, { className: 'manual', delayBinding: true, node: storageNode('b') })?.metadata?.name, 'on-b');
  });
});

describe('volumeMismatch', () => {
  it('explains why a named volume cannot serve the claim', () => {
    const c = makeClaim('c', { size: '5Gi', className: 'manual' });
    assert.equal(volumeMismatch(c, makeVolume('v', { size: '1Gi', className: 'manual' }), 'manual'), 'requested PV is too small');
    assert.equal(volumeMismatch(c, makeVolume('v', { size: '5Gi', className: 'x' }), 'manual'), 'storageClassName does not match');
    assert.equal(volumeMismatch(c, makeVolume('v', { size: '5Gi', className: 'manual' }), 'manual'), undefined);
  });
});
