import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { setup, type Fixture } from '../../agent/server/test-setup.js';
import { StatusError } from '../errors.js';
import { agentEndpoint, connectExtension, resolveContainer, type ConnectLookup, type NodeLike } from './connect.js';

const pod = (containers: string[], nodeName?: string) => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { nodeName, containers: containers.map((name) => ({ name })) },
});

test('container validation messages match upstream', () => {
  assert.equal(resolveContainer(pod(['app']), null), 'app');
  assert.throws(() => resolveContainer(pod(['a', 'b']), null), (e: StatusError) => e.code === 400 && e.message === 'a container name must be specified for pod web, choose one of: [a b]');
  assert.throws(() => resolveContainer(pod(['a']), 'x'), (e: StatusError) => e.code === 400 && e.message === 'container x is not valid for pod web');
});

test('agent endpoint: annotation first, else InternalIP and kubelet port; unscheduled pods are refused', async () => {
  const nodes: Record<string, NodeLike> = {
    n1: { metadata: { name: 'n1', annotations: { 'skiff.dev/agent-endpoint': '127.0.0.1:4567' } } },
    n2: { metadata: { name: 'n2' }, status: { addresses: [{ type: 'Hostname', address: 'h' }, { type: 'InternalIP', address: '10.0.0.2' }], daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } } },
  };
  const lookup: ConnectLookup = { getPod: async () => pod(['a']), getNode: async (n) => nodes[n] };
  assert.deepEqual(await agentEndpoint(lookup, pod(['a'], 'n1')), { host: '127.0.0.1', port: 4567 });
  assert.deepEqual(await agentEndpoint(lookup, pod(['a'], 'n2')), { host: '10.0.0.2', port: 10250 });
  await assert.rejects(agentEndpoint(lookup, pod(['a'])), (e: StatusError) => e.code === 400 && e.message === 'pod web does not have a host assigned');
});

let f: Fixture;
let front: Server;
before(async () => {
  f = await setup();
  const lookup: ConnectLookup = {
    getPod: async (_ns, name) => {
      if (name !== 'web') throw new StatusError(404, 'NotFound', `pods "${name}" not found`);
      return pod(['app', 'side'], 'n1');
    },
    getNode: async () => ({ metadata: { name: 'n1', annotations: { 'skiff.dev/agent-endpoint': f.base } } }),
  };
  const ext = connectExtension(lookup);
  front = createServer((_req, res) => res.end());
  front.on('upgrade', (req, socket, head) => {
    ext.upgrade!(req, socket, head).catch((e: StatusError) => socket.end(`HTTP/1.1 ${e.code} x\r\nContent-Length: ${Buffer.byteLength(e.message)}\r\n\r\n${e.message}`));
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
});
after(async () => {
  front.close();
  await f.stop();
});

test('exec upgrades are relayed to the agent byte for byte', async () => {
  const port = (front.address() as { port: number }).port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/namespaces/default/pods/web/exec?command=echo&command=proxied&container=app&stdout=true`, ['v5.channel.k8s.io']);
  const frames: Buffer[] = [];
  ws.on('message', (m: Buffer) => frames.push(m));
  await new Promise((r) => ws.on('close', r));
  assert.equal(ws.protocol, 'v5.channel.k8s.io');
  const out = (ch: number): string => Buffer.concat(frames.filter((m) => m[0] === ch).map((m) => m.subarray(1))).toString();
  assert.equal(out(1), 'proxied\n');
  assert.equal(out(3), '{"metadata":{},"status":"Success"}');
});

test('a missing container name is refused before reaching the agent', async () => {
  const port = (front.address() as { port: number }).port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/namespaces/default/pods/web/exec?command=true&stdout=true`, ['v5.channel.k8s.io']);
  const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0)));
  assert.equal(status, 400);
});
