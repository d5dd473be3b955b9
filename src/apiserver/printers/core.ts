// Core (legacy group) tables for simple kinds: Namespace, ConfigMap, Secret,
// ServiceAccount, PodTemplate, ReplicationController, ResourceQuota.
import type { TablePrinter } from '../types.js';
import { docs } from './descriptions.js';
import {
  age, ageColumn, arr, at, col, containerCells, CONTAINERS_DOC, formatLabels, IMAGES_DOC, nameColumn, nameOf, num, quantity,
  rec, str,
} from './util.js';

export const namespacePrinter: TablePrinter = {
  columns: [nameColumn(), col('Status', 'string', 'The status of the namespace'), ageColumn()],
  cells: (o, now) => [nameOf(o), str(at(o, 'status', 'phase')), age(o, now)],
};

export const configMapPrinter: TablePrinter = {
  columns: [nameColumn(), col('Data', 'string', docs['ConfigMap.data']), ageColumn()],
  cells: (o, now) => [nameOf(o), Object.keys(rec(o.data)).length + Object.keys(rec(o.binaryData)).length, age(o, now)],
};

export const secretPrinter: TablePrinter = {
  columns: [nameColumn(), col('Type', 'string', docs['Secret.type']), col('Data', 'string', docs['Secret.data']), ageColumn()],
  cells: (o, now) => [nameOf(o), str(o.type), Object.keys(rec(o.data)).length, age(o, now)],
};

export const serviceAccountPrinter: TablePrinter = {
  columns: [nameColumn(), col('Secrets', 'string', docs['ServiceAccount.secrets']), ageColumn()],
  cells: (o, now) => [nameOf(o), arr(o.secrets).length, age(o, now)],
};

export const podTemplatePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Containers', 'string', CONTAINERS_DOC),
    col('Images', 'string', IMAGES_DOC),
    col('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  cells(o) {
    const [names, images] = containerCells(at(o, 'template', 'spec', 'containers'));
    return [nameOf(o), names, images, formatLabels(at(o, 'template', 'metadata', 'labels'))];
  },
};

export const replicationControllerPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Desired', 'integer', docs['ReplicationControllerSpec.replicas']),
    col('Current', 'integer', docs['ReplicationControllerStatus.replicas']),
    col('Ready', 'integer', docs['ReplicationControllerStatus.readyReplicas']),
    ageColumn(),
    col('Containers', 'string', CONTAINERS_DOC, 1),
    col('Images', 'string', IMAGES_DOC, 1),
    col('Selector', 'string', docs['ReplicationControllerSpec.selector'], 1),
  ],
  cells(o, now) {
    const spec = rec(o.spec);
    const status = rec(o.status);
    const [names, images] = containerCells(at(spec, 'template', 'spec', 'containers'));
    const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
    return [nameOf(o), desired, num(status.replicas), num(status.readyReplicas), age(o, now), names, images, formatLabels(spec.selector)];
  },
};

/** Quota resources sorted by name; `limits.*` go to LIMIT, everything else to REQUEST. */
function quotaColumns(status: Record<string, unknown>): [string, string] {
  const hard = rec(status.hard);
  const used = rec(status.used);
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const pieces = name.split('.');
    const target = pieces.length > 1 && pieces[0] === 'limits' ? limit : request;
    target.push(`${name}: ${quantity(used[name])}/${quantity(hard[name])}`);
  }
  return [request.join(', '), limit.join(', ')];
}

export const resourceQuotaPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    col('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    ageColumn(),
  ],
  cells(o, now) {
    const [request, limit] = quotaColumns(rec(o.status));
    return [nameOf(o), request, limit, age(o, now)];
  },
};
