import assert from 'node:assert/strict';
import * as dnsPacket from 'dns-packet';
import type { Answer, Packet } from 'dns-packet';
import { describe, it } from 'node:test';
import { encodeMessage, fitToSize, rotateAnswers } from './encode.js';
import { parseQuery, patchCached } from './message.js';
import { queryPacket } from './testing.js';

const name = 'big.default.svc.cluster.local';
const aRecords = (n: number, owner = name): Answer[] => Array.from({ length: n }, (_, i) => ({ type: 'A', name: owner, ttl: 5, class: 'IN', data: `10.0.0.${i + 1}` }));
const opt: Answer = { type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] };

function packet(answers: Answer[], additionals: Answer[] = []): Packet {
  return { type: 'response', id: 9, flags: 0, questions: [{ name: 'Big.Default.svc.cluster.local', type: 'A', class: 'IN' }], answers, additionals };
}

describe('encodeMessage', () => {
  it('compresses owner names against the question and decodes to the same records', () => {
    const srvOwner = 'pg-0.big.default.svc.cluster.local';
    const e = encodeMessage(packet(aRecords(3), [...aRecords(1, srvOwner), { type: 'A', name: 'elsewhere.example', ttl: 5, class: 'IN', data: '192.0.2.1' }, opt]));
    const plain = dnsPacket.encode(packet(aRecords(3), [...aRecords(1, srvOwner), { type: 'A', name: 'elsewhere.example', ttl: 5, class: 'IN', data: '192.0.2.1' }, opt]));
    assert.ok(e.wire.length < plain.length - 60, `${e.wire.length} vs ${plain.length}`);
    const d = dnsPacket.decode(e.wire);
    // Compressed owners take the question's case (as CoreDNS echoes the question name).
    assert.deepEqual(d.answers?.map((x) => [x.name, (x as { data: unknown }).data]), [1, 2, 3].map((i) => ['Big.Default.svc.cluster.local', `10.0.0.${i}`]));
    assert.deepEqual(d.additionals?.map((x) => x.name), ['pg-0.Big.Default.svc.cluster.local', 'elsewhere.example', '.']);
    assert.equal(e.hasOpt, true);
  });

  it('drops additionals first (no TC), then truncates answers with TC, keeping OPT', () => {
    const e = encodeMessage(packet(aRecords(20), [...aRecords(20, 'x.example'), opt]));
    const noAdds = dnsPacket.decode(fitToSize(e, e.wire, 400));
    assert.equal(noAdds.flag_tc, false);
    assert.equal(noAdds.answers?.length, 20);
    assert.equal(noAdds.additionals?.at(-1)?.type, 'OPT');
    const cut = fitToSize(e, e.wire, 200);
    assert.ok(cut.length <= 200);
    const d = dnsPacket.decode(cut);
    assert.equal(d.flag_tc, true);
    assert.ok((d.answers?.length ?? 0) > 0 && (d.answers?.length ?? 0) < 20);
    assert.deepEqual(d.additionals?.map((x) => x.type), ['OPT']);
    assert.equal(fitToSize(e, e.wire, 4096), e.wire);
  });
});

describe('rotateAnswers', () => {
  it('rotates address answers round-robin and leaves the rest of the message intact', () => {
    const e = encodeMessage(packet(aRecords(3), [opt]));
    assert.equal(e.rotatable, true);
    const order = (k: number): unknown[] => (dnsPacket.decode(rotateAnswers(e, e.wire, k)).answers ?? []).map((x) => (x as { data: unknown }).data);
    assert.deepEqual(order(0), ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    assert.deepEqual(order(1), ['10.0.0.2', '10.0.0.3', '10.0.0.1']);
    assert.deepEqual(order(5), ['10.0.0.3', '10.0.0.1', '10.0.0.2']);
    assert.equal(dnsPacket.decode(rotateAnswers(e, e.wire, 1)).additionals?.[0]?.type, 'OPT');
    assert.equal(encodeMessage(packet(aRecords(1))).rotatable, false);
  });
});

describe('parseQuery and patchCached', () => {
  it('reads the question and EDNS size, and patches a cached answer for another query', () => {
    const p1 = parseQuery(queryPacket('big.default.svc.cluster.local', 'A', { id: 1 }));
    assert.ok(p1.ok);
    assert.equal(p1.query.udpLimit, 512);
    const e = encodeMessage({ ...packet(aRecords(2)), questions: [{ name: p1.query.name, type: 'A', class: 'IN' }] });
    const p2 = parseQuery(queryPacket('BIG.default.svc.cluster.local', 'A', { id: 77, edns: 4096 }));
    assert.ok(p2.ok);
    assert.equal(p2.query.udpLimit, 1232);
    const d = dnsPacket.decode(patchCached(e.wire, p2.query));
    assert.equal(d.id, 77);
    assert.equal(d.questions?.[0]?.name, 'BIG.default.svc.cluster.local');
    assert.equal(d.answers?.[0]?.name, 'BIG.default.svc.cluster.local');
  });

  it('rejects responses, bad opcodes and multiple questions', () => {
    const resp = dnsPacket.encode({ type: 'response', id: 1, questions: [{ name: 'a', type: 'A' }] });
    assert.deepEqual(parseQuery(resp), { ok: false });
    const two = dnsPacket.encode({ type: 'query', id: 2, questions: [{ name: 'a', type: 'A' }, { name: 'b', type: 'A' }] });
    const r = parseQuery(two);
    assert.ok(!r.ok && r.reply && (r.reply[3]! & 0xf) === 1);
    const notify = Buffer.from(dnsPacket.encode({ type: 'query', id: 3, questions: [{ name: 'a', type: 'A' }] }));
    notify[2] = notify[2]! | (4 << 3); // opcode NOTIFY
    const n = parseQuery(notify);
    assert.ok(!n.ok && n.reply && (n.reply[3]! & 0xf) === 4);
  });
});
