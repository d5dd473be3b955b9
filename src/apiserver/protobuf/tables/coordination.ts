import type { PackageTable } from '../schema.js';

/** coordination.k8s.io/v1 message layouts, in Go field (JSON output) order; entry syntax in ../schema.ts. */
export const coordination: PackageTable = {
  Lease: ['1 metadata meta.ObjectMeta', '2 spec LeaseSpec'],
  LeaseList: ['1 metadata meta.ListMeta', '2 items []Lease'],
  LeaseSpec: [
    '1 holderIdentity string?', '2 leaseDurationSeconds int32?', '3 acquireTime meta.MicroTime?',
    '4 renewTime meta.MicroTime?', '5 leaseTransitions int32?', '6 strategy string?',
    '7 preferredHolder string?',
  ],
};
