// The probe and hook mechanisms (pkg/probe/{exec,http,tcp,grpc}): exec in the
// container, HTTP GET to the pod IP, a TCP connect, the gRPC health check.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { RuntimeService } from '../../cri/types.js';
import type { V1Container } from '../types.js';

export type ProbeResult = { ok: true; output: string } | { ok: false; output: string };

const ok = (output = ''): ProbeResult => ({ ok: true, output });
const fail = (output: string): ProbeResult => ({ ok: false, output });

export const PROBE_USER_AGENT = 'kube-probe/1.30';

/** A named or numeric port of the container. */
export function resolvePort(port: number | string | undefined, c: V1Container): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^[0-9]+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

export async function execProbe(runtime: RuntimeService, containerId: string, cmd: string[], timeoutSeconds: number): Promise<ProbeResult> {
  try {
    const r = await runtime.execSync(containerId, cmd, timeoutSeconds);
    const output = Buffer.concat([r.stdout, r.stderr]).toString();
    if (r.exitCode === 0) return ok(output);
    return fail(output || `command ${JSON.stringify(cmd.join(' '))} exited with ${r.exitCode}`);
  } catch (e) {
    return fail((e as Error).message);
  }
}

export interface HttpGetSpec {
  scheme?: string;
  host: string;
  port: number;
  path?: string;
  headers?: Array<{ name: string; value: string }>;
}

export function httpProbe(spec: HttpGetSpec, timeoutMs: number): Promise<ProbeResult> {
  const scheme = (spec.scheme ?? 'HTTP').toLowerCase();
  const hostPart = spec.host.includes(':') ? `[${spec.host}]` : spec.host;
  const path = spec.path ? (spec.path.startsWith('/') ? spec.path : `/${spec.path}`) : '/';
  const url = `${scheme}://${hostPart}:${spec.port}${path}`;
  const headers: Record<string, string> = { 'User-Agent': PROBE_USER_AGENT, Accept: '*/*' };
  for (const h of spec.headers ?? []) headers[h.name] = h.value;
  return new Promise((resolve) => {
    const mod = scheme === 'https' ? https : http;
    const req = mod.get(url, { headers, timeout: timeoutMs, rejectUnauthorized: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        if (size < 10240) chunks.push(d);
        size += d.length;
      });
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString().slice(0, 10240);
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 400) resolve(ok(body));
        else resolve(fail(`HTTP probe failed with statuscode: ${code}`));
      });
      res.on('error', (e) => resolve(fail(`Get "${url}": ${e.message}`)));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(fail(`Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`));
    });
    req.on('error', (e) => resolve(fail(`Get "${url}": ${describeNetError(e, spec.host, spec.port)}`)));
  });
}

function describeNetError(e: NodeJS.ErrnoException, host: string, port: number): string {
  if (e.code === 'ECONNREFUSED') return `dial tcp ${host}:${port}: connect: connection refused`;
  return e.message;
}

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (r: ProbeResult): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done(fail(`dial tcp ${host}:${port}: i/o timeout`)), timeoutMs);
    sock.on('connect', () => done(ok()));
    sock.on('error', (e) => done(fail(describeNetError(e, host, port))));
  });
}
