// The autoscaling API group: HorizontalPodAutoscaler in autoscaling/v2 (stored)
// and autoscaling/v1 (a converted view of the same objects).
import type { ResourceDef } from '../../types.js';
import { hpaV1Storage } from './convert.js';
import { hpaPrinter } from './printer.js';
import { hpaV1Strategy, hpaV2Strategy } from './strategy.js';

/** Per-version parts of the HorizontalPodAutoscaler ResourceDef (strategy, table, storage). */
export function autoscalingDefParts(version: string): Pick<ResourceDef, 'strategy' | 'table' | 'storage'> {
  if (version === 'v1') return { strategy: hpaV1Strategy, table: hpaPrinter, storage: hpaV1Storage };
  return { strategy: hpaV2Strategy, table: hpaPrinter };
}
