// Controller-manager tunables shared by `skiff up` and `skiff controller-manager`,
// named like kube-controller-manager's flags.
import type { ControllerOptions } from '../controllers/types.js';
import { parseDuration, type FlagSpec } from './args.js';

export const CONTROLLER_FLAGS: FlagSpec = {
  'node-monitor-period': 'string',
  'node-monitor-grace-period': 'string',
  'node-startup-grace-period': 'string',
  'horizontal-pod-autoscaler-sync-period': 'string',
};

export function controllerOptions(flags: Record<string, string | number | boolean>): ControllerOptions {
  const d = (name: string): number | undefined => (flags[name] === undefined ? undefined : parseDuration(name, String(flags[name])));
  return {
    nodeMonitorPeriodMs: d('node-monitor-period'),
    nodeMonitorGracePeriodMs: d('node-monitor-grace-period'),
    nodeStartupGracePeriodMs: d('node-startup-grace-period'),
    hpaSyncPeriodMs: d('horizontal-pod-autoscaler-sync-period'),
  };
}

/** `--controllers a,b,-c` (default '*'). */
export function controllerList(flags: Record<string, string | number | boolean>): string[] {
  return flags.controllers === undefined ? ['*'] : String(flags.controllers).split(',').map((s) => s.trim()).filter(Boolean);
}
