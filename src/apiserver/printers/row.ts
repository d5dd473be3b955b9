// Row-level extras of a meta.k8s.io/v1 Table beyond the cells.
import type { KubeObject, TablePrinter } from '../types.js';

/** metav1.TableRowCondition (upstream marks finished pods `Completed`). */
export interface TableRowCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** A printer that may also attach row conditions (still a plain TablePrinter). */
export interface RowConditionsPrinter extends TablePrinter {
  rowConditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

export function rowConditionsOf(printer: TablePrinter, obj: KubeObject): TableRowCondition[] | undefined {
  const p = printer as RowConditionsPrinter;
  return typeof p.rowConditions === 'function' ? p.rowConditions(obj) : undefined;
}
