// Apply conflicts: the 409 Status upstream returns when an apply would change
// fields another manager owns (NewConflictError / getConflictMessage).
import { type StatusCause, StatusError } from '../errors.js';
import type { Managed } from './entries.js';
import { type FieldPath, pathToString } from './path-element.js';

export interface ApplyConflict {
  /** The other manager's entry (name, operation, apiVersion, subresource). */
  manager: Pick<Managed, 'manager' | 'operation' | 'apiVersion' | 'subresource'>;
  /** Manager identity (sort key, like upstream's JSON identifier). */
  managerId: string;
  path: FieldPath;
  /** The path as upstream prints it, e.g. `.spec.replicas`. */
  field: string;
}

/** `"name"`, plus ` with subresource "status"`, plus ` using apps/v1` for Update entries. */
export function describeManager(m: ApplyConflict['manager']): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') s += ` using ${m.apiVersion}`;
  return s;
}

export function conflictCauses(conflicts: readonly ApplyConflict[]): StatusCause[] {
  return conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${describeManager(c.manager)}`, field: c.field }));
}

export function conflictMessage(conflicts: readonly ApplyConflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${describeManager(c.manager)}: ${c.field}`;
  }
  const byManager = new Map<string, ApplyConflict[]>();
  for (const c of conflicts) byManager.set(c.managerId, [...(byManager.get(c.managerId) ?? []), c]);
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort()) {
    const group = byManager.get(id)!;
    lines.push(`conflicts with ${describeManager(group[0]!.manager)}:`);
    for (const c of group) lines.push(`- ${c.field}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** 409 Conflict with one FieldManagerConflict cause per conflicting field. */
export class ApplyConflictError extends StatusError {
  constructor(readonly conflicts: readonly ApplyConflict[]) {
    super(409, 'Conflict', conflictMessage(conflicts), { causes: conflictCauses(conflicts) });
    this.name = 'ApplyConflictError';
  }
}

export function makeConflict(managerId: string, m: ApplyConflict['manager'], path: FieldPath): ApplyConflict {
  return { manager: m, managerId, path, field: pathToString(path) };
}

/** 400 Bad Request for apply bodies the field manager refuses. */
export class ApplyBadRequestError extends StatusError {
  constructor(message: string) {
    super(400, 'BadRequest', message);
    this.name = 'ApplyBadRequestError';
  }
}
