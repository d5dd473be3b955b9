import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeResourceClient } from '../../../client/fake.js';
import { PODS } from '../../../client/gvr.js';
import { CycleState } from '../../framework/cycle-state.js';
import { Snapshot } from '../../framework/node-info.js';
import { Code } from '../../framework/status.js';
import { makePod } from '../../testing.js';
import { newDefaultBinder } from './index.js';

test('DefaultBinder posts a Binding; a second bind is an Error status', async () => {
  const client = new FakeResourceClient();
  await client.create(PODS, 'default', makePod('p'));
  const b = newDefaultBinder({}, { client, schedulerName: 'default-scheduler', snapshot: () => new Snapshot([], []), namespaceLabels: () => undefined });
  assert.equal(await b.bind(new CycleState(), makePod('p'), 'n1'), undefined);
  const bound = await client.get(PODS, 'default', 'p');
  assert.equal((bound.spec as { nodeName: string }).nodeName, 'n1');
  const action = client.actions.find((a) => a.verb === 'createSubresource');
  assert.equal(action?.subresource, 'binding');
  assert.deepEqual((action?.body as { target: unknown }).target, { apiVersion: 'v1', kind: 'Node', name: 'n1' });
  const again = await b.bind(new CycleState(), makePod('p'), 'n2');
  assert.equal(again?.code, Code.Error);
  assert.match(again!.message(), /already assigned/);
});
