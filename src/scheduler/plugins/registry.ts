// Plugin name → factory, and the default profile (upstream's default plugin
// set and score weights).
import type { PluginFactory } from '../framework/interfaces.js';
import type { PluginConfig } from '../framework/runtime.js';
import { newDefaultBinder } from './defaultbinder/index.js';
import { newDefaultPreemption } from './defaultpreemption/index.js';
import { newImageLocality } from './imagelocality/index.js';
import { newInterPodAffinity } from './interpodaffinity/index.js';
import { newNodeAffinity } from './nodeaffinity/index.js';
import { newNodeName } from './nodename/index.js';
import { newNodePorts } from './nodeports/index.js';
import { newBalancedAllocation } from './noderesources/balanced.js';
import { newNodeResourcesFit } from './noderesources/fit.js';
import { newNodeUnschedulable } from './nodeunschedulable/index.js';
import { newPodTopologySpread } from './podtopologyspread/index.js';
import { newTaintToleration } from './tainttoleration/index.js';
import { newVolumeBinding } from './volumebinding/index.js';

export const REGISTRY: Record<string, PluginFactory> = {
  NodeUnschedulable: newNodeUnschedulable,
  NodeName: newNodeName,
  TaintToleration: newTaintToleration,
  NodeAffinity: newNodeAffinity,
  NodePorts: newNodePorts,
  NodeResourcesFit: newNodeResourcesFit,
  PodTopologySpread: newPodTopologySpread,
  InterPodAffinity: newInterPodAffinity,
  NodeResourcesBalancedAllocation: newBalancedAllocation,
  ImageLocality: newImageLocality,
  VolumeBinding: newVolumeBinding as PluginFactory,
  DefaultPreemption: newDefaultPreemption as PluginFactory,
  DefaultBinder: newDefaultBinder,
};

/** Plugins in upstream's default order; weights only matter for Score. */
export const DEFAULT_PLUGINS: PluginConfig[] = [
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  // Before DefaultBinder: its bind step does PreBind's work (selected-node, wait for the claims) and Skips.
  { name: 'VolumeBinding' },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];
