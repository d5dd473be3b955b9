// Upstream defaulting for PodSpec and everything inside it (pkg/apis/core/v1/defaults.go).
// defaultPodSpec applies wherever a PodSpec appears (pods, templates of
// Deployments, Jobs, ...); defaultPod adds the Pod-only rules.
import { type Obj, child, isObj, list, peek, setDefault, setDefaultStr } from './util.js';

/** Upstream's image-pull-policy rule: Always for `:latest` or no tag (and no digest). */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (!image) return 'IfNotPresent';
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? name.slice(colon + 1) : '';
  if (tag === 'latest') return 'Always';
  if (!tag && at < 0) return 'Always';
  return 'IfNotPresent';
}

function defaultHTTPGet(h: Obj | undefined): void {
  if (!h) return;
  setDefaultStr(h, 'path', '/');
  setDefaultStr(h, 'scheme', 'HTTP');
}

function defaultProbe(p: Obj | undefined): void {
  if (!p) return;
  setDefault(p, 'timeoutSeconds', 1);
  setDefault(p, 'periodSeconds', 10);
  setDefault(p, 'successThreshold', 1);
  setDefault(p, 'failureThreshold', 3);
  defaultHTTPGet(peek(p, 'httpGet'));
}

function defaultEnv(c: Obj): void {
  for (const e of list(c, 'env')) {
    const ref = peek(peek(e, 'valueFrom'), 'fieldRef');
    if (ref) setDefaultStr(ref, 'apiVersion', 'v1');
  }
}

export function defaultContainer(c: Obj): void {
  setDefaultStr(c, 'imagePullPolicy', defaultImagePullPolicy(typeof c.image === 'string' ? c.image : ''));
  setDefaultStr(c, 'terminationMessagePath', '/dev/termination-log');
  setDefaultStr(c, 'terminationMessagePolicy', 'File');
  for (const p of list(c, 'ports')) setDefaultStr(p, 'protocol', 'TCP');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(peek(c, probe));
  const lifecycle = peek(c, 'lifecycle');
  for (const hook of ['postStart', 'preStop']) defaultHTTPGet(peek(peek(lifecycle, hook), 'httpGet'));
  defaultEnv(c);
}

const DEFAULT_MODE = 0o644;

function defaultDownwardItems(items: Obj[]): void {
  for (const it of items) {
    const ref = peek(it, 'fieldRef');
    if (ref) setDefaultStr(ref, 'apiVersion', 'v1');
  }
}

/** Volume defaults: empty source → emptyDir; defaultMode 0644; hostPath type "". */
export function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name');
  if (sources.length === 0) v.emptyDir = {};
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = peek(v, key);
    if (src) setDefault(src, 'defaultMode', DEFAULT_MODE);
  }
  const hostPath = peek(v, 'hostPath');
  if (hostPath) setDefault(hostPath, 'type', '');
  const dapi = peek(v, 'downwardAPI');
  if (dapi) defaultDownwardItems(list(dapi, 'items'));
  for (const s of list(peek(v, 'projected'), 'sources')) {
    const sat = peek(s, 'serviceAccountToken');
    if (sat) setDefault(sat, 'expirationSeconds', 3600);
    const d = peek(s, 'downwardAPI');
    if (d) defaultDownwardItems(list(d, 'items'));
  }
  const iscsi = peek(v, 'iscsi');
  if (iscsi) setDefaultStr(iscsi, 'iscsiInterface', 'default');
}

/** With hostNetwork, a container port's hostPort defaults to its containerPort. */
function defaultHostNetworkPorts(containers: Obj[]): void {
  for (const c of containers) {
    for (const p of list(c, 'ports')) if (!p.hostPort) p.hostPort = p.containerPort;
  }
}

/** SetDefaults_PodSpec and the defaults of its containers, volumes and probes. */
export function defaultPodSpec(spec: Obj): void {
  setDefaultStr(spec, 'dnsPolicy', 'ClusterFirst');
  setDefaultStr(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefaultStr(spec, 'schedulerName', 'default-scheduler');
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) for (const c of list(spec, key)) defaultContainer(c);
  for (const v of list(spec, 'volumes')) defaultVolume(v);
  if (spec.hostNetwork === true) {
    defaultHostNetworkPorts(list(spec, 'containers'));
    defaultHostNetworkPorts(list(spec, 'initContainers'));
  }
}

/** Requests default to limits for every resource that has a limit but no request. */
function defaultRequestsFromLimits(c: Obj): void {
  const res = peek(c, 'resources');
  const limits = peek(res, 'limits');
  if (!res || !limits || Object.keys(limits).length === 0) return;
  const requests = child(res, 'requests');
  for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
}

/** Template defaults: metadata is left alone, the spec gets defaultPodSpec. */
export function defaultPodTemplateSpec(template: unknown): void {
  if (!isObj(template)) return;
  defaultPodSpec(child(template, 'spec'));
}

/** SetDefaults_Pod: PodSpec defaults plus the Pod-only rules. */
export function defaultPod(pod: Obj): void {
  const spec = child(pod, 'spec');
  defaultPodSpec(spec);
  for (const c of [...list(spec, 'containers'), ...list(spec, 'initContainers')]) defaultRequestsFromLimits(c);
  setDefault(spec, 'enableServiceLinks', true);
}
