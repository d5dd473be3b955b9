// core/v1 Event strategy (core validation's ValidateEventCreate, legacy rules).
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, invalid, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from '../../validation/names.js';
import { peek, str } from './util.js';

const LIMIT_128 = 128;
const NOTE_LIMIT = 1024;

function validateEvent(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const ns = str(o.metadata?.namespace);
  const involved = peek(o, 'involvedObject') ?? {};
  const involvedNs = str(involved.namespace);
  const nsPath = root('involvedObject').child('namespace');
  if (!str(o.eventTime)) {
    // Old-style events: the involved object's namespace must agree with the event's.
    if (!involvedNs) {
      if (ns !== '' && ns !== 'default') errs.push(invalid(nsPath, involvedNs, 'does not match event.namespace'));
    } else if (ns !== involvedNs) {
      errs.push(invalid(nsPath, involvedNs, 'does not match event.namespace'));
    }
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system') errs.push(invalid(nsPath, involvedNs, 'does not match event.namespace'));
    const rc = str(o.reportingComponent);
    if (!rc) errs.push(required(root('reportingComponent')));
    else for (const m of isQualifiedName(rc)) errs.push(invalid(root('reportingComponent'), rc, m));
    const checks: [string, number][] = [['reportingInstance', LIMIT_128], ['action', LIMIT_128], ['reason', LIMIT_128]];
    for (const [f, max] of checks) {
      const v = str(o[f]);
      if (!v) errs.push(required(root(f)));
      if (v.length > max) errs.push(invalid(root(f), '', `can have at most ${max} characters`));
    }
    if (str(o.message).length > NOTE_LIMIT) errs.push(invalid(root('message'), '', `can have at most ${NOTE_LIMIT} characters`));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid(root('namespace'), ns, m));
  return errs;
}

export const eventStrategy: Strategy = {
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateEvent(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateEvent(obj)];
  },
  // Events have no spec, so writes never bump metadata.generation.
  specChanged() {
    return false;
  },
  fieldLabels(obj) {
    const io = peek(obj, 'involvedObject') ?? {};
    return {
      'involvedObject.kind': str(io.kind),
      'involvedObject.namespace': str(io.namespace),
      'involvedObject.name': str(io.name),
      'involvedObject.uid': str(io.uid),
      'involvedObject.apiVersion': str(io.apiVersion),
      'involvedObject.resourceVersion': str(io.resourceVersion),
      'involvedObject.fieldPath': str(io.fieldPath),
      reason: str(obj.reason),
      reportingComponent: str(obj.reportingComponent),
      source: str(peek(obj, 'source')?.component),
      type: str(obj.type),
    };
  },
};
