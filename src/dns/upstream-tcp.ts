// One question to an upstream over TCP (after a truncated UDP answer):
// a fresh connection, a length-prefixed query, the first answer, closed.
import * as dnsPacket from 'dns-packet';
import type { DecodedPacket } from 'dns-packet';
import { connect } from 'node:net';
import { UpstreamError, type UpstreamServer } from './upstream.js';

export function tcpExchange(server: UpstreamServer, query: Buffer, id: number, timeoutMs: number): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: server.host, port: server.port });
    let buf: Buffer = Buffer.alloc(0);
    const where = `${server.host}:${server.port} (tcp)`;
    const fail = (e: Error): void => {
      sock.destroy();
      reject(new UpstreamError(`${where}: ${e.message}`));
    };
    sock.setTimeout(timeoutMs, () => fail(new Error('timed out')));
    sock.on('error', fail);
    sock.on('connect', () => {
      const frame = Buffer.alloc(2 + query.length);
      frame.writeUInt16BE(query.length, 0);
      query.copy(frame, 2);
      sock.write(frame);
    });
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 2 || buf.length < 2 + buf.readUInt16BE(0)) return;
      sock.destroy();
      try {
        const d = dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        if (d.id !== id) throw new Error('answer with a different ID');
        resolve(d);
      } catch (e) {
        reject(new UpstreamError(`${where}: ${(e as Error).message}`));
      }
    });
    sock.on('end', () => fail(new Error('closed before an answer')));
  });
}
