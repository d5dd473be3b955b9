import type { PackageTable } from '../schema.js';

/** scheduling.k8s.io/v1 message layouts, in Go field (JSON output) order; entry syntax in ../schema.ts. */
export const scheduling: PackageTable = {
  PriorityClass: [
    '1 metadata meta.ObjectMeta', '2 value int32!', '3 globalDefault bool', '4 description string',
    '5 preemptionPolicy string?',
  ],
  PriorityClassList: ['1 metadata meta.ListMeta', '2 items []PriorityClass'],
};
