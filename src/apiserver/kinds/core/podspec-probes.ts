// Probes, lifecycle handlers and their ports (core validation's validateProbe & co.).
import { type FieldError, type FieldPath, forbidden, invalid, notSupported, required } from '../../validation/field.js';
import { isHTTPHeaderName, isValidPortName, isValidPortNum } from '../../validation/names.js';
import { type Obj, isObj, list, peek, validateNonnegative } from './util.js';

/** An IntOrString port: a number 1-65535 or an IANA service name. */
export function validatePortNumOrName(port: unknown, fld: FieldPath): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(fld, port, m));
  if (typeof port === 'string') {
    if (port === '') return [required(fld)];
    if (/^[0-9]+$/.test(port)) return isValidPortNum(Number(port)).map((m) => invalid(fld, port, m));
    return isValidPortName(port).map((m) => invalid(fld, port, m));
  }
  return [invalid(fld, port ?? null, 'must contain an int or string')];
}

function validateHTTPGet(h: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!h.path) errs.push(required(fld.child('path')));
  errs.push(...validatePortNumOrName(h.port, fld.child('port')));
  if (h.scheme !== 'HTTP' && h.scheme !== 'HTTPS') errs.push(notSupported(fld.child('scheme'), h.scheme, ['HTTP', 'HTTPS']));
  list(h, 'httpHeaders').forEach((hd, i) => {
    for (const m of isHTTPHeaderName(String(hd.name ?? ''))) errs.push(invalid(fld.child('httpHeaders').index(i).child('name'), hd.name, m));
  });
  return errs;
}

const handlerKinds = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'];

/** Exactly one handler (exec, httpGet, tcpSocket, grpc; sleep only for lifecycle hooks). */
export function validateHandler(h: Obj, fld: FieldPath, allowed: string[]): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of handlerKinds) {
    const v = h[kind];
    if (v === undefined || v === null) continue;
    if (!allowed.includes(kind)) {
      errs.push(forbidden(fld.child(kind), 'may not be specified'));
      continue;
    }
    count++;
    if (count > 1) {
      errs.push(forbidden(fld.child(kind), 'may not specify more than 1 handler type'));
      continue;
    }
    const sub = isObj(v) ? v : {};
    const p = fld.child(kind);
    if (kind === 'exec' && !(Array.isArray(sub.command) && sub.command.length)) errs.push(required(p.child('command')));
    if (kind === 'httpGet') errs.push(...validateHTTPGet(sub, p));
    if (kind === 'tcpSocket') errs.push(...validatePortNumOrName(sub.port, p.child('port')));
    if (kind === 'grpc' && typeof sub.port === 'number') {
      errs.push(...isValidPortNum(sub.port).map((m) => invalid(p.child('port'), sub.port, m)));
    }
    if (kind === 'sleep') errs.push(...validateNonnegative(sub.seconds, p.child('seconds')));
  }
  if (count === 0 && errs.length === 0) errs.push(required(fld, 'must specify a handler type'));
  return errs;
}

export function validateProbe(p: Obj | undefined, fld: FieldPath, opts: { successMustBeOne: boolean }): FieldError[] {
  if (!p) return [];
  const errs = validateHandler(p, fld, ['exec', 'httpGet', 'tcpSocket', 'grpc']);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegative(p[f], fld.child(f)));
  }
  if (typeof p.terminationGracePeriodSeconds === 'number' && p.terminationGracePeriodSeconds <= 0) {
    errs.push(invalid(fld.child('terminationGracePeriodSeconds'), p.terminationGracePeriodSeconds, 'must be greater than 0'));
  }
  if (opts.successMustBeOne && typeof p.successThreshold === 'number' && p.successThreshold !== 1) {
    errs.push(invalid(fld.child('successThreshold'), p.successThreshold, 'must be 1'));
  }
  return errs;
}

export function validateLifecycle(l: Obj | undefined, fld: FieldPath): FieldError[] {
  if (!l) return [];
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const h = peek(l, hook);
    if (h) errs.push(...validateHandler(h, fld.child(hook), handlerKinds));
  }
  return errs;
}
