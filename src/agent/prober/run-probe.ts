// Runs one probe of a container by its mechanism (pkg/kubelet/prober/prober.go).
import type { RuntimeService } from '../../cri/types.js';
import type { V1Container, V1Probe } from '../types.js';
import { grpcProbe } from './grpc.js';
import { execProbe, httpProbe, resolvePort, tcpProbe, type ProbeResult } from './handlers.js';

export interface ProbeTarget {
  runtime: RuntimeService;
  containerId: string;
  container: V1Container;
  podIP: string;
}

export async function runProbe(p: V1Probe, t: ProbeTarget): Promise<ProbeResult> {
  const timeoutSeconds = p.timeoutSeconds ?? 1;
  const timeoutMs = timeoutSeconds * 1000;
  if (p.exec) return execProbe(t.runtime, t.containerId, p.exec.command ?? [], timeoutSeconds);
  if (p.httpGet) {
    const port = resolvePort(p.httpGet.port as number | string, t.container);
    if (port === undefined) return { ok: false, output: `unknown port ${String(p.httpGet.port)}` };
    return httpProbe(
      { scheme: p.httpGet.scheme, host: p.httpGet.host || t.podIP, port, path: p.httpGet.path, headers: p.httpGet.httpHeaders },
      timeoutMs,
    );
  }
  if (p.tcpSocket) {
    const port = resolvePort(p.tcpSocket.port as number | string, t.container);
    if (port === undefined) return { ok: false, output: `unknown port ${String(p.tcpSocket.port)}` };
    return tcpProbe(p.tcpSocket.host || t.podIP, port, timeoutMs);
  }
  if (p.grpc) return grpcProbe(t.podIP, p.grpc.port, p.grpc.service ?? '', timeoutMs);
  return { ok: false, output: 'missing probe handler' };
}
