// Validation of containers, init containers and ephemeral containers of a PodSpec.
import { type FieldError, type FieldPath, duplicate, forbidden, invalid, notFound, notSupported, required } from '../../validation/field.js';
import { isDNS1123Label, isValidPortName, isValidPortNum } from '../../validation/names.js';
import { validateEnv, validateEnvFrom } from './podspec-env.js';
import { validateLifecycle, validateProbe } from './podspec-probes.js';
import { validateResourceRequirements } from './resources.js';
import { type Obj, list, peek, str } from './util.js';

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** What container validation needs from the surrounding PodSpec. */
export interface ContainerContext {
  volumes: Set<string>;
  /** Container names seen so far (across containers, init and ephemeral). */
  names: Set<string>;
  /** hostIP/protocol/port strings seen so far. */
  hostPorts: Set<string>;
  hostNetwork: boolean;
}

/** A path that must stay inside its base: relative, no `..` element. */
export function validateLocalDescendingPath(p: string, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (p.startsWith('/')) errs.push(invalid(fld, p, 'must be a relative path'));
  if (p.split(/[\\/]/).includes('..')) errs.push(invalid(fld, p, "must not contain '..'"));
  return errs;
}

function validatePorts(c: Obj, fld: FieldPath, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list(c, 'ports').forEach((p, i) => {
    const ip = fld.index(i);
    const name = str(p.name);
    if (name) {
      for (const m of isValidPortName(name)) errs.push(invalid(ip.child('name'), name, m));
      if (names.has(name)) errs.push(duplicate(ip.child('name'), name));
      names.add(name);
    }
    if (!p.containerPort) errs.push(required(ip.child('containerPort')));
    else for (const m of isValidPortNum(Number(p.containerPort))) errs.push(invalid(ip.child('containerPort'), p.containerPort, m));
    if (p.hostPort) for (const m of isValidPortNum(Number(p.hostPort))) errs.push(invalid(ip.child('hostPort'), p.hostPort, m));
    if (!p.protocol) errs.push(required(ip.child('protocol')));
    else if (!PROTOCOLS.includes(str(p.protocol))) errs.push(notSupported(ip.child('protocol'), p.protocol, PROTOCOLS));
    if (ctx.hostNetwork && p.hostPort && p.hostPort !== p.containerPort) {
      errs.push(invalid(ip.child('hostPort'), p.hostPort, 'must match `containerPort` when `hostNetwork` is true'));
    }
    if (p.hostPort) {
      const key = `${str(p.hostIP)}/${str(p.protocol)}/${p.hostPort}`;
      if (ctx.hostPorts.has(key)) errs.push(duplicate(ip.child('hostPort'), key));
      ctx.hostPorts.add(key);
    }
  });
  return errs;
}

const propagationModes = ['Bidirectional', 'HostToContainer', 'None'];

function validateVolumeMounts(c: Obj, fld: FieldPath, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const mountPaths = new Set<string>();
  const deviceNames = new Set(list(c, 'volumeDevices').map((d) => str(d.name)));
  list(c, 'volumeMounts').forEach((m, i) => {
    const p = fld.index(i);
    const name = str(m.name);
    if (!name) errs.push(required(p.child('name')));
    else if (!ctx.volumes.has(name)) errs.push(notFound(p.child('name'), name));
    const mountPath = str(m.mountPath);
    if (!mountPath) errs.push(required(p.child('mountPath')));
    else if (mountPaths.has(mountPath)) errs.push(invalid(p.child('mountPath'), mountPath, 'must be unique'));
    mountPaths.add(mountPath);
    if (name && deviceNames.has(name)) errs.push(invalid(p.child('name'), name, 'must not already exist in volumeDevices'));
    const subPath = str(m.subPath);
    if (subPath) errs.push(...validateLocalDescendingPath(subPath, p.child('subPath')));
    if (str(m.subPathExpr)) {
      if (subPath) errs.push(invalid(p.child('subPathExpr'), m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      else errs.push(...validateLocalDescendingPath(str(m.subPathExpr), p.child('subPathExpr')));
    }
    if (m.mountPropagation !== undefined && !propagationModes.includes(str(m.mountPropagation))) {
      errs.push(notSupported(p.child('mountPropagation'), m.mountPropagation, propagationModes));
    }
  });
  list(c, 'volumeDevices').forEach((d, i) => {
    const p = fld.index(i);
    const name = str(d.name);
    if (!name) errs.push(required(p.child('name')));
    else if (!ctx.volumes.has(name)) errs.push(notFound(p.child('name'), name));
    if (!str(d.devicePath)) errs.push(required(p.child('devicePath')));
  });
  return errs;
}

const pullPolicies = ['Always', 'IfNotPresent', 'Never'];
const terminationMessagePolicies = ['File', 'FallbackToLogsOnError'];

/** Checks every kind of container shares. */
function validateContainerCommon(c: Obj, fld: FieldPath, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(fld.child('name')));
  else {
    for (const m of isDNS1123Label(name)) errs.push(invalid(fld.child('name'), name, m));
    if (ctx.names.has(name)) errs.push(duplicate(fld.child('name'), name));
    ctx.names.add(name);
  }
  const image = str(c.image);
  if (!image) errs.push(required(fld.child('image')));
  else if (image.trim() !== image) errs.push(invalid(fld.child('image'), image, 'must not have leading or trailing whitespace'));
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp) errs.push(required(fld.child('terminationMessagePolicy')));
  else if (!terminationMessagePolicies.includes(tmp)) errs.push(notSupported(fld.child('terminationMessagePolicy'), tmp, terminationMessagePolicies));
  const pull = str(c.imagePullPolicy);
  if (!pull) errs.push(required(fld.child('imagePullPolicy')));
  else if (!pullPolicies.includes(pull)) errs.push(notSupported(fld.child('imagePullPolicy'), pull, pullPolicies));
  errs.push(...validatePorts(c, fld.child('ports'), ctx));
  errs.push(...validateEnv(c, fld.child('env')));
  errs.push(...validateEnvFrom(c, fld.child('envFrom')));
  errs.push(...validateVolumeMounts(c, fld.child('volumeMounts'), ctx));
  errs.push(...validateResourceRequirements(peek(c, 'resources'), fld.child('resources')));
  return errs;
}

/** spec.containers: at least one, each complete. */
export function validateContainers(containers: Obj[], fld: FieldPath, ctx: ContainerContext): FieldError[] {
  if (containers.length === 0) return [required(fld)];
  const errs: FieldError[] = [];
  containers.forEach((c, i) => {
    const p = fld.index(i);
    errs.push(...validateContainerCommon(c, p, ctx));
    errs.push(...validateLifecycle(peek(c, 'lifecycle'), p.child('lifecycle')));
    errs.push(...validateProbe(peek(c, 'livenessProbe'), p.child('livenessProbe'), { successMustBeOne: true }));
    errs.push(...validateProbe(peek(c, 'readinessProbe'), p.child('readinessProbe'), { successMustBeOne: false }));
    errs.push(...validateProbe(peek(c, 'startupProbe'), p.child('startupProbe'), { successMustBeOne: true }));
    if (c.restartPolicy !== undefined) errs.push(forbidden(p.child('restartPolicy'), 'may not be set for non-init containers'));
  });
  return errs;
}

/** spec.initContainers: probes and lifecycle only for restartable (sidecar) ones. */
export function validateInitContainers(containers: Obj[], fld: FieldPath, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((c, i) => {
    const p = fld.index(i);
    errs.push(...validateContainerCommon(c, p, ctx));
    const sidecar = c.restartPolicy === 'Always';
    if (c.restartPolicy !== undefined && !sidecar) errs.push(notSupported(p.child('restartPolicy'), c.restartPolicy, ['Always']));
    if (sidecar) {
      errs.push(...validateLifecycle(peek(c, 'lifecycle'), p.child('lifecycle')));
      errs.push(...validateProbe(peek(c, 'livenessProbe'), p.child('livenessProbe'), { successMustBeOne: true }));
      errs.push(...validateProbe(peek(c, 'readinessProbe'), p.child('readinessProbe'), { successMustBeOne: false }));
      errs.push(...validateProbe(peek(c, 'startupProbe'), p.child('startupProbe'), { successMustBeOne: true }));
    } else {
      for (const k of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[k] !== undefined) errs.push(forbidden(p.child(k), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

/** spec.ephemeralContainers: no ports, probes, lifecycle or resources. */
export function validateEphemeralContainers(containers: Obj[], fld: FieldPath, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((c, i) => {
    const p = fld.index(i);
    errs.push(...validateContainerCommon(c, p, ctx));
    for (const k of ['ports', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (c[k] !== undefined) errs.push(forbidden(p.child(k), 'cannot be set for an Ephemeral Container'));
    }
  });
  return errs;
}
