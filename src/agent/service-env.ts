// Service environment variables (kubelet's getServiceEnvVarMap and
// pkg/kubelet/envvars): for every Service with a cluster IP in the pod's
// namespace when enableServiceLinks is on (the default), and always for
// `kubernetes` in `default`, FOO_SERVICE_HOST / FOO_SERVICE_PORT[_NAME] and
// the Docker-link style FOO_PORT, FOO_PORT_80_TCP[_PROTO|_PORT|_ADDR].
import type { Pod } from './types.js';
import type { Service } from './types.js';

/** Services whose variables every pod gets, whatever its enableServiceLinks. */
const MASTER_SERVICES = new Set(['kubernetes']);

const envName = (s: string): string => s.replace(/-/g, '_').toUpperCase();

function hasClusterIP(s: Service): boolean {
  const ip = s.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** The services a pod sees: its namespace's (if enableServiceLinks) over the master services of `default`. */
export function servicesForPod(pod: Pod, services: readonly Service[]): Service[] {
  const ns = pod.metadata?.namespace ?? '';
  const links = pod.spec?.enableServiceLinks ?? true;
  const byName = new Map<string, Service>();
  for (const s of services) {
    if (!hasClusterIP(s)) continue;
    const name = s.metadata?.name ?? '';
    if (s.metadata?.namespace === 'default' && MASTER_SERVICES.has(name)) {
      if (!byName.has(name)) byName.set(name, s);
    } else if (s.metadata?.namespace === ns && links) {
      byName.set(name, s);
    }
  }
  return [...byName.values()];
}

/** The variables for `services`, in upstream's order per service. */
export function serviceEnvVars(services: readonly Service[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const s of services) {
    const ports = s.spec?.ports ?? [];
    const ip = s.spec?.clusterIP ?? '';
    const prefix = envName(s.metadata?.name ?? '');
    out.push([`${prefix}_SERVICE_HOST`, ip]);
    if (ports.length === 0) continue;
    out.push([`${prefix}_SERVICE_PORT`, String(ports[0]!.port)]);
    for (const p of ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
    ports.forEach((p, i) => {
      const protocol = p.protocol || 'TCP';
      const hostPort = ip.includes(':') ? `[${ip}]:${p.port}` : `${ip}:${p.port}`;
      const url = `${protocol.toLowerCase()}://${hostPort}`;
      if (i === 0) out.push([`${prefix}_PORT`, url]);
      const pp = `${prefix}_PORT_${p.port}_${protocol.toUpperCase()}`;
      out.push([pp, url], [`${pp}_PROTO`, protocol.toLowerCase()], [`${pp}_PORT`, String(p.port)], [`${pp}_ADDR`, ip]);
    });
  }
  return out;
}

/** Name → value for a pod (later services do not override earlier names; there are no clashes in practice). */
export function serviceEnvMap(pod: Pod, services: readonly Service[]): Map<string, string> {
  return new Map(serviceEnvVars(servicesForPod(pod, services)));
}
