// Pod strategy (pkg/registry/core/pod/strategy.go).
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, forbidden, invalid, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isIP, nameIsDNSSubdomain } from '../../validation/names.js';
import { admitNewPod } from './pod-admission.js';
import { validatePodSpecUpdate } from './pod-update.js';
import { defaultPod } from './podspec-defaults.js';
import { validatePodSpec } from './podspec.js';
import { podQOSClass } from './resources.js';
import { type Obj, clone, list, peek, spec, str, dropGeneration } from './util.js';

const TERMINAL = ['Succeeded', 'Failed'];

function validatePodStatus(o: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const s = peek(o, 'status') ?? {};
  const fld = root('status');
  const oldPhase = str(peek(old, 'status')?.phase);
  if (TERMINAL.includes(oldPhase) && str(s.phase) !== oldPhase) {
    errs.push(forbidden(fld.child('phase'), `cannot transition from terminal phase ${oldPhase} to ${str(s.phase)}`));
  }
  for (const key of ['podIP', 'hostIP']) {
    const ip = str(s[key]);
    if (ip && !isIP(ip)) errs.push(invalid(fld.child(key), ip, 'must be a valid IP address'));
  }
  for (const key of ['podIPs', 'hostIPs']) {
    list(s, key).forEach((entry, i) => {
      const ip = str(entry.ip);
      if (!isIP(ip)) errs.push(invalid(fld.child(key).index(i).child('ip'), ip, 'must be a valid IP address'));
    });
  }
  return errs;
}

export const podStrategy: Strategy = {
  defaults(obj) {
    defaultPod(obj as Obj);
  },
  prepareForCreate(obj) {
    dropGeneration(obj);
    const s = spec(obj);
    admitNewPod(s);
    const status: Obj = { phase: 'Pending', qosClass: podQOSClass(s) };
    if (list(s, 'schedulingGates').length > 0) {
      status.conditions = [
        { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' },
      ];
    }
    obj.status = status;
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validatePodSpec(spec(obj), root('spec'))];
  },
  prepareForUpdate(obj, old) {
    obj.status = clone(old.status);
  },
  validateUpdate(obj, old) {
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validatePodSpec(spec(obj), root('spec')),
      ...validatePodSpecUpdate(spec(obj), spec(old)),
    ];
  },
  prepareForStatusUpdate(obj, old) {
    obj.spec = clone(old.spec);
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePodStatus(obj, old)];
  },
  gracePeriodSeconds(obj) {
    const s = peek(obj, 'spec') ?? {};
    // Unscheduled and finished pods go at once, whatever was asked (upstream CheckGracefulDelete sets 0).
    if (!str(s.nodeName)) return 0;
    if (TERMINAL.includes(str(peek(obj, 'status')?.phase))) return 0;
    return typeof s.terminationGracePeriodSeconds === 'number' ? Math.max(0, s.terminationGracePeriodSeconds) : 30;
  },
  fieldLabels(obj) {
    const s = peek(obj, 'spec') ?? {};
    const st = peek(obj, 'status') ?? {};
    const podIPs = list(st, 'podIPs');
    return {
      'spec.nodeName': str(s.nodeName),
      'spec.restartPolicy': str(s.restartPolicy),
      'spec.schedulerName': str(s.schedulerName),
      'spec.serviceAccountName': str(s.serviceAccountName),
      'spec.hostNetwork': String(s.hostNetwork === true),
      'status.phase': str(st.phase),
      'status.podIP': podIPs.length ? str(podIPs[0].ip) : str(st.podIP),
      'status.nominatedNodeName': str(st.nominatedNodeName),
    };
  },
};
