// Group + kind → table printer for built-in kinds (the columns `kubectl get`
// shows, as upstream prints them). Printers live in printers/<group>.ts.
import type { TablePrinter } from '../types.js';

const printers: Record<string, TablePrinter> = {};

export function printerFor(group: string, kind: string): TablePrinter | undefined {
  return printers[`${group}/${kind}`];
}
