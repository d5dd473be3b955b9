// Group + kind → strategy for built-in kinds. Each API group keeps its
// strategies in kinds/<group>/ and exports a map; this file only joins them.
import type { Strategy } from '../types.js';
import { strategies as core } from './core/index.js';
import { strategies as apps } from './apps/index.js';
import { strategies as batch } from './batch/index.js';
import { strategies as networking } from './networking/index.js';
import { strategies as policy } from './policy/index.js';
import { strategies as storage } from './storage/index.js';
import { strategies as rbac } from './rbac/index.js';
import { strategies as coordination } from './coordination/index.js';
import { strategies as discovery } from './discovery/index.js';
import { strategies as events } from './events/index.js';
import { strategies as apiextensions } from './apiextensions/index.js';

const byGroup: Record<string, Record<string, Strategy>> = {
  '': core,
  apps,
  batch,
  'networking.k8s.io': networking,
  policy,
  'storage.k8s.io': storage,
  'rbac.authorization.k8s.io': rbac,
  'coordination.k8s.io': coordination,
  'discovery.k8s.io': discovery,
  'events.k8s.io': events,
  'apiextensions.k8s.io': apiextensions,
};

export function strategyFor(group: string, kind: string): Strategy | undefined {
  return byGroup[group]?.[kind];
}
