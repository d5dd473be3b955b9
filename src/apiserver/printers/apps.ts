// apps/v1 tables: Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision.
import type { KubeObject, TablePrinter } from '../types.js';
import { docs } from './descriptions.js';
import {
  age, ageColumn, at, col, containerCells, CONTAINERS_DOC, formatLabels, formatLabelSelector, IMAGES_DOC, InvalidLabelSelectorError,
  nameColumn, nameOf, num, rec, selectorString,
} from './util.js';

/** spec.replicas, which defaulting sets to 1 when absent. */
function desiredReplicas(o: KubeObject): number {
  const r = rec(o.spec).replicas;
  return typeof r === 'number' ? r : 1;
}

function templateContainers(o: KubeObject): [string, string] {
  return containerCells(at(o, 'spec', 'template', 'spec', 'containers'));
}

export const deploymentPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', docs['DeploymentStatus.updatedReplicas']),
    col('Available', 'string', docs['DeploymentStatus.availableReplicas']),
    ageColumn(),
    col('Containers', 'string', CONTAINERS_DOC, 1),
    col('Images', 'string', IMAGES_DOC, 1),
    col('Selector', 'string', docs['DeploymentSpec.selector'], 1),
  ],
  cells(o, now) {
    const status = rec(o.status);
    let selector: string;
    try {
      selector = selectorString(at(o, 'spec', 'selector'));
    } catch (err) {
      if (!(err instanceof InvalidLabelSelectorError)) throw err;
      selector = '<invalid>';
    }
    const [names, images] = templateContainers(o);
    return [
      nameOf(o), `${num(status.readyReplicas)}/${desiredReplicas(o)}`, num(status.updatedReplicas), num(status.availableReplicas),
      age(o, now), names, images, selector,
    ];
  },
};

export const replicaSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Desired', 'integer', docs['ReplicaSetSpec.replicas']),
    col('Current', 'integer', docs['ReplicaSetStatus.replicas']),
    col('Ready', 'integer', docs['ReplicaSetStatus.readyReplicas']),
    ageColumn(),
    col('Containers', 'string', CONTAINERS_DOC, 1),
    col('Images', 'string', IMAGES_DOC, 1),
    col('Selector', 'string', docs['ReplicaSetSpec.selector'], 1),
  ],
  cells(o, now) {
    const status = rec(o.status);
    const [names, images] = templateContainers(o);
    return [
      nameOf(o), desiredReplicas(o), num(status.replicas), num(status.readyReplicas), age(o, now),
      names, images, formatLabelSelector(at(o, 'spec', 'selector')),
    ];
  },
};

export const statefulSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Ready', 'string', 'Number of the pod with ready state'),
    ageColumn(),
    col('Containers', 'string', CONTAINERS_DOC, 1),
    col('Images', 'string', IMAGES_DOC, 1),
  ],
  cells(o, now) {
    const [names, images] = templateContainers(o);
    return [nameOf(o), `${num(rec(o.status).readyReplicas)}/${desiredReplicas(o)}`, age(o, now), names, images];
  },
};

export const daemonSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Desired', 'integer', docs['DaemonSetStatus.desiredNumberScheduled']),
    col('Current', 'integer', docs['DaemonSetStatus.currentNumberScheduled']),
    col('Ready', 'integer', docs['DaemonSetStatus.numberReady']),
    col('Up-to-date', 'integer', docs['DaemonSetStatus.updatedNumberScheduled']),
    col('Available', 'integer', docs['DaemonSetStatus.numberAvailable']),
    col('Node Selector', 'string', docs['PodSpec.nodeSelector']),
    ageColumn(),
    col('Containers', 'string', CONTAINERS_DOC, 1),
    col('Images', 'string', IMAGES_DOC, 1),
    col('Selector', 'string', docs['DaemonSetSpec.selector'], 1),
  ],
  cells(o, now) {
    const s = rec(o.status);
    const [names, images] = templateContainers(o);
    return [
      nameOf(o), num(s.desiredNumberScheduled), num(s.currentNumberScheduled), num(s.numberReady), num(s.updatedNumberScheduled),
      num(s.numberAvailable), formatLabels(at(o, 'spec', 'template', 'spec', 'nodeSelector')), age(o, now),
      names, images, formatLabelSelector(at(o, 'spec', 'selector')),
    ];
  },
};

/** `kind.group/name` of the controlling owner (formatResourceName), `<none>` without one. */
export function controllerName(o: KubeObject): string {
  const ref = (o.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const apiVersion = ref.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = ref.kind ?? '';
  if (kind === '' && group === '') return ref.name;
  const groupKind = group === '' ? kind : `${kind}.${group}`;
  return `${groupKind.toLowerCase()}/${ref.name}`;
}

export const controllerRevisionPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Controller', 'string', 'Controller of the object'),
    col('Revision', 'string', docs['ControllerRevision.revision']),
    ageColumn(),
  ],
  cells: (o, now) => [nameOf(o), controllerName(o), num(o.revision), age(o, now)],
};
