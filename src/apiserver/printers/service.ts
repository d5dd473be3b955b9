// Service and Endpoints tables (printService, printEndpoints).
import type { KubeObject, TablePrinter } from '../types.js';
import { docs } from './descriptions.js';
import { age, ageColumn, arr, col, formatLabels, joinHostPort, nameColumn, nameOf, num, rec, sortedSet, str } from './util.js';

/** Load-balancer ingress points (IP, else hostname), sorted and unique. The server prints wide, so never clipped. */
export function loadBalancerIngress(lb: unknown): string {
  const out: string[] = [];
  for (const i of arr(rec(lb).ingress).map(rec)) {
    if (str(i.ip) !== '') out.push(str(i.ip));
    else if (str(i.hostname) !== '') out.push(str(i.hostname));
  }
  return sortedSet(out).join(',');
}

function externalIP(svc: KubeObject): string {
  const spec = rec(svc.spec);
  const externalIPs = arr(spec.externalIPs).map(str);
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(rec(svc.status).loadBalancer);
      if (externalIPs.length > 0) {
        const results = lb.length > 0 ? lb.split(',') : [];
        return [...results, ...externalIPs].join(',');
      }
      return lb.length > 0 ? lb : '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

/** makePortString: `80/TCP,443:30443/TCP`. */
export function servicePorts(ports: unknown): string {
  return arr(ports)
    .map(rec)
    .map((p) => {
      const protocol = str(p.protocol) || 'TCP';
      return num(p.nodePort) > 0 ? `${num(p.port)}:${num(p.nodePort)}/${protocol}` : `${num(p.port)}/${protocol}`;
    })
    .join(',');
}

export const servicePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Type', 'string', docs['ServiceSpec.type']),
    col('Cluster-IP', 'string', docs['ServiceSpec.clusterIP']),
    col('External-IP', 'string', docs['ServiceSpec.externalIPs']),
    col('Port(s)', 'string', docs['ServiceSpec.ports']),
    ageColumn(),
    col('Selector', 'string', docs['ServiceSpec.selector'], 1),
  ],
  cells(o, now) {
    const spec = rec(o.spec);
    const clusterIPs = arr(spec.clusterIPs).map(str);
    let internalIP = clusterIPs.length > 0 ? clusterIPs[0] : str(spec.clusterIP);
    if (internalIP === '') internalIP = '<none>';
    const ports = servicePorts(spec.ports) || '<none>';
    return [nameOf(o), str(spec.type), internalIP, externalIP(o), ports, age(o, now), formatLabels(spec.selector)];
  },
};

/** formatEndpoints: up to three `ip:port` entries, then `+ N more...`; `<none>` without subsets. */
export function formatEndpoints(subsets: unknown): string {
  const ss = arr(subsets).map(rec);
  if (ss.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const add = (entries: string[]): void => {
    count += entries.length;
    for (const e of entries) {
      if (list.length === max) {
        more = true;
        break;
      }
      list.push(e);
    }
  };
  for (const s of ss) {
    const addresses = arr(s.addresses).map((a: unknown) => str(rec(a).ip));
    const ports = arr(s.ports).map(rec);
    if (ports.length === 0) {
      add(addresses);
      continue;
    }
    for (const p of ports) add(addresses.map((ip) => joinHostPort(ip, num(p.port))));
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter: TablePrinter = {
  columns: [nameColumn(), col('Endpoints', 'string', docs['Endpoints.subsets']), ageColumn()],
  cells: (o, now) => [nameOf(o), formatEndpoints(o.subsets), age(o, now)],
};
