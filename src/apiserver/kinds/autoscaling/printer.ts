// `kubectl get hpa` columns, as upstream prints them (printHorizontalPodAutoscaler):
// NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE. v1 objects are printed
// through their v2 form.
import type { KubeObject, TablePrinter } from '../../types.js';
import { age, ageColumn, arr, col, nameColumn, nameOf, num, quantity, rec, str } from '../../printers/util.js';
import { hpaV1ToV2 } from './convert.js';

const MAX_SHOWN = 2;

function metricText(spec: Record<string, unknown>, status: Record<string, unknown> | undefined): string {
  const type = str(spec.type);
  const field = type === 'ContainerResource' ? 'containerResource' : type.charAt(0).toLowerCase() + type.slice(1);
  const s = rec(spec[field]);
  const target = rec(s.target);
  const cur = status ? rec(rec(status[field]).current) : undefined;
  const known = (v: unknown): string => (v === undefined || v === null ? '<unknown>' : quantity(v));
  switch (type) {
    case 'Resource':
    case 'ContainerResource': {
      const name = str(s.name);
      if (target.averageValue !== undefined) return `${name}: ${known(cur?.averageValue)}/${quantity(target.averageValue)}`;
      const c = cur?.averageUtilization !== undefined ? `${num(cur.averageUtilization)}%` : '<unknown>';
      const t = target.averageUtilization !== undefined ? `${num(target.averageUtilization)}%` : '<auto>';
      return `${name}: ${c}/${t}`;
    }
    case 'Pods':
      return `${known(cur?.averageValue)}/${quantity(target.averageValue)}`;
    case 'Object':
    case 'External':
      if (target.averageValue !== undefined) return `${known(cur?.averageValue)}/${quantity(target.averageValue)} (avg)`;
      return `${known(cur?.value)}/${quantity(target.value)}`;
    default:
      return '<unknown type>';
  }
}

export function formatHpaMetrics(specs: unknown[], statuses: unknown[]): string {
  if (specs.length === 0) return '<none>';
  const list = specs.map((s, i) => metricText(rec(s), statuses[i] === undefined ? undefined : rec(statuses[i])));
  if (list.length > MAX_SHOWN) return `${list.slice(0, MAX_SHOWN).join(', ')} + ${list.length - MAX_SHOWN} more...`;
  return list.join(', ');
}

export const hpaPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Reference', 'string', 'Reference is the target of the autoscaler.'),
    col('Targets', 'string', 'Targets are the current and desired values of the metrics.'),
    col('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    col('MaxPods', 'integer', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
    col('Replicas', 'integer', 'currentReplicas is current number of replicas of pods managed by this autoscaler.'),
    ageColumn(),
  ],
  cells(o: KubeObject, now: Date) {
    const v2 = o.apiVersion === 'autoscaling/v1' ? hpaV1ToV2(o) : o;
    const spec = rec(v2.spec);
    const status = rec(v2.status);
    const ref = rec(spec.scaleTargetRef);
    const min = spec.minReplicas === undefined || spec.minReplicas === null ? '<unset>' : String(num(spec.minReplicas));
    return [
      nameOf(o),
      `${str(ref.kind)}/${str(ref.name)}`,
      formatHpaMetrics(arr(spec.metrics), arr(status.currentMetrics)),
      min,
      num(spec.maxReplicas),
      num(status.currentReplicas),
      age(o, now),
    ];
  },
};
