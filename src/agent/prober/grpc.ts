// gRPC probes: grpc.health.v1.Health/Check over plaintext HTTP/2
// (pkg/probe/grpc). The request and response messages are tiny, so they are
// encoded by hand: HealthCheckRequest{string service = 1},
// HealthCheckResponse{ServingStatus status = 1}.
import * as grpc from '@grpc/grpc-js';
import type { ProbeResult } from './handlers.js';

const STATUS_NAMES = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

function encodeRequest(service: string): Buffer {
  const s = Buffer.from(service);
  if (s.length === 0) return Buffer.alloc(0);
  return Buffer.concat([Buffer.from([0x0a]), varint(s.length), s]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

/** The status field of a HealthCheckResponse (0 when absent). */
export function decodeStatus(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const tag = buf[i++];
    const field = tag >> 3;
    const wire = tag & 7;
    let v = 0;
    let shift = 0;
    if (wire === 0) {
      for (;;) {
        const b = buf[i++];
        v |= (b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) break;
      }
      if (field === 1) return v;
    } else if (wire === 2) {
      let len = 0;
      for (;;) {
        const b = buf[i++];
        len |= (b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) break;
      }
      i += len;
    } else return 0;
  }
  return 0;
}

export function grpcProbe(host: string, port: number, service: string, timeoutMs: number): Promise<ProbeResult> {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    const deadline = new Date(Date.now() + timeoutMs);
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      (s: string) => encodeRequest(s),
      (b: Buffer) => decodeStatus(b),
      service,
      new grpc.Metadata({}),
      { deadline },
      (err, status) => {
        client.close();
        if (err) {
          if (err.code === grpc.status.DEADLINE_EXCEEDED) {
            resolve({ ok: false, output: `timeout: health rpc did not complete within ${timeoutMs / 1000}s` });
          } else if (err.code === grpc.status.UNAVAILABLE) {
            resolve({ ok: false, output: `timeout: failed to connect service "${target}" within ${timeoutMs / 1000}s: ${err.details}` });
          } else resolve({ ok: false, output: `error: health rpc probe failed: ${err.details}` });
          return;
        }
        const name = STATUS_NAMES[status ?? 0] ?? 'UNKNOWN';
        if (status === 1) resolve({ ok: true, output: 'service is healthy' });
        else resolve({ ok: false, output: `service unhealthy (responded with "${name}")` });
      },
    );
  });
}
