// networking.k8s.io/v1 tables (Ingress, IngressClass, NetworkPolicy) and
// discovery.k8s.io/v1 EndpointSlice.
import type { TablePrinter } from '../types.js';
import { docs } from './descriptions.js';
import { loadBalancerIngress } from './service.js';
import { age, ageColumn, arr, col, formatLabelSelector, listWithMore, nameColumn, nameOf, rec, str } from './util.js';

/** formatHosts: up to three hosts, `*` when no rule names one. */
export function ingressHosts(rules: unknown): string {
  const rs = arr(rules).map(rec);
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const r of rs) {
    if (list.length === max) more = true;
    if (!more && str(r.host) !== '') list.push(str(r.host));
  }
  if (list.length === 0) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${rs.length - max} more...` : ret;
}

export const ingressPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  cells(o, now) {
    const spec = rec(o.spec);
    const className = typeof spec.ingressClassName === 'string' ? spec.ingressClassName : '<none>';
    const ports = arr(spec.tls).length !== 0 ? '80, 443' : '80';
    return [nameOf(o), className, ingressHosts(spec.rules), loadBalancerIngress(rec(o.status).loadBalancer), ports, age(o, now)];
  },
};

export const ingressClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Controller', 'string', 'Controller that is responsible for handling this class'),
    col('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn(),
  ],
  cells(o, now) {
    const spec = rec(o.spec);
    let parameters = '<none>';
    if (spec.parameters !== undefined && spec.parameters !== null) {
      const p = rec(spec.parameters);
      parameters = str(p.kind);
      if (typeof p.apiGroup === 'string') parameters += `.${p.apiGroup}`;
      parameters += `/${str(p.name)}`;
    }
    return [nameOf(o), str(spec.controller), parameters, age(o, now)];
  },
};

export const networkPolicyPrinter: TablePrinter = {
  columns: [nameColumn(), col('Pod-Selector', 'string', docs['NetworkPolicySpec.podSelector']), ageColumn()],
  // The pod selector is a value (never nil) upstream: an absent one is the empty selector.
  cells: (o, now) => [nameOf(o), formatLabelSelector(rec(rec(o.spec).podSelector)), age(o, now)],
};

function slicePorts(ports: unknown): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const p of arr(ports).map(rec)) {
    if (list.length < max) {
      if (typeof p.port === 'number') list.push(String(p.port));
      else if (typeof p.name === 'string') list.push(p.name);
      else list.push('*');
    } else if (list.length === max) {
      more = true;
    }
    count++;
  }
  return listWithMore(list, more, count, max);
}

function sliceEndpoints(endpoints: unknown): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const e of arr(endpoints).map(rec)) {
    for (const a of arr(e.addresses).map(str)) {
      if (list.length < max) list.push(a);
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count, max);
}

export const endpointSlicePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('AddressType', 'string', docs['EndpointSlice.addressType']),
    col('Ports', 'string', docs['EndpointSlice.ports']),
    col('Endpoints', 'string', docs['EndpointSlice.endpoints']),
    ageColumn(),
  ],
  cells: (o, now) => [nameOf(o), str(o.addressType), slicePorts(o.ports), sliceEndpoints(o.endpoints), age(o, now)],
};
