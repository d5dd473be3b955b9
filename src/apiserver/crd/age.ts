// Ages of date columns in custom resource tables, on the printers' human
// durations (k8s.io/apimachinery/pkg/util/duration.HumanDuration).
import { humanDuration } from '../printers/util.js';

export { humanDuration };

/** ConvertToHumanReadableDateType: the age of an RFC 3339 timestamp at `now`. */
export function ageOf(timestamp: string, now: Date): string {
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '<invalid>';
  return humanDuration(now.getTime() - t);
}
