// pods/eviction (policy/v1 Eviction, policy/v1beta1 bodies accepted): delete a
// pod unless that would violate its PodDisruptionBudget, as upstream's
// EvictionREST: pods that are Pending, finished or already being deleted go at
// once; otherwise the one PDB selecting the pod must allow a disruption, which
// is taken by decrementing status.disruptionsAllowed (and recording the pod in
// status.disruptedPods) before the pod gets a DisruptionTarget condition and
// is deleted.
import { badRequest, conflict, forbidden, StatusError, timeout, tooManyRequests } from '../errors.js';
import { labelSelectorAsSelector } from '../kinds/apps/selector.js';
import { deleteObject, type DeleteOptions } from '../registry/delete.js';
import { listEntries } from '../registry/list.js';
import { timestamp } from '../registry/meta.js';
import type { ResourceStore } from '../registry/store.js';
import type { KubeObject } from '../types.js';
import { decodeBody } from './negotiate.js';
import { type Ctx, fieldManager, parseDryRun } from './request.js';
import { readBody, sendJson } from './respond.js';

export const PDB_VIOLATION_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
export const MULTIPLE_PDBS_MESSAGE = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
/** Upstream's MaxDisruptedPodSize: evictions the PDB controller has not yet confirmed. */
export const MAX_DISRUPTED_PODS = 2000;
const RETRIES = 20;
const PDB_GR = { group: 'policy', resource: 'poddisruptionbudget' };
const POD_GR = { group: '', resource: 'pods' };

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
  observedGeneration?: number;
}

interface PdbStatus {
  observedGeneration?: number;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  disruptedPods?: Record<string, string>;
  conditions?: Condition[];
}

type Pdb = KubeObject & { spec?: { selector?: unknown; unhealthyPodEvictionPolicy?: string }; status?: PdbStatus };
type Pod = KubeObject & { status?: { phase?: string; conditions?: Condition[] } };

/** A 429 carrying a DisruptionBudget cause, as upstream's createTooManyRequestsError. */
export function budgetError(detail: string): StatusError {
  const e = tooManyRequests(PDB_VIOLATION_MESSAGE);
  return new StatusError(e.code, e.reason, e.message, { causes: [{ reason: 'DisruptionBudget', message: detail }] });
}

function parseEviction(ctx: Ctx, raw: Buffer): DeleteOptions {
  const body = decodeBody(raw, ctx.req.headers['content-type']) as KubeObject | null;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request must be an Eviction object');
  if (body.kind !== undefined && body.kind !== 'Eviction') throw badRequest(`expected an Eviction, got ${String(body.kind)}`);
  if (body.apiVersion !== undefined && !['policy/v1', 'policy/v1beta1'].includes(String(body.apiVersion))) throw badRequest(`unsupported Eviction apiVersion ${String(body.apiVersion)}`);
  const { namespace, name } = ctx.info;
  if (body.metadata?.name !== name) throw badRequest('name in URL does not match name in Eviction object');
  if (body.metadata?.namespace && body.metadata.namespace !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  const raw0 = ((body as { deleteOptions?: Record<string, unknown> | null }).deleteOptions ?? {}) as DeleteOptions & { dryRun?: unknown };
  const opts: DeleteOptions = { ...raw0, dryRun: undefined };
  delete (opts as Record<string, unknown>).kind;
  delete (opts as Record<string, unknown>).apiVersion;
  opts.dryRun = parseDryRun(ctx.query) || (Array.isArray(raw0.dryRun) && raw0.dryRun.includes('All')) || undefined;
  if (!opts.dryRun) delete opts.dryRun;
  return opts;
}

const phase = (p: Pod): string => p.status?.phase ?? '';
const isReady = (p: Pod): boolean => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
/** Pending, finished or already terminating pods have caused (or cause) no disruption: no PDB check. */
const canIgnorePdb = (p: Pod): boolean => ['Succeeded', 'Failed', 'Pending'].includes(phase(p)) || !!p.metadata?.deletionTimestamp;
const mustPinVersion = (p: Pod): boolean => !['Succeeded', 'Failed'].includes(phase(p)) && !p.metadata?.deletionTimestamp;
const isConflict = (e: unknown): boolean => e instanceof StatusError && e.code === 409;

function withVersion(o: DeleteOptions, rv: string | undefined): DeleteOptions {
  return { ...o, preconditions: { ...(o.preconditions ?? {}), resourceVersion: rv } };
}

/** Marks the pod DisruptionTarget (status write) and deletes it; preconditions are checked against the latest pod. */
async function addConditionAndDelete(ctx: Ctx, opts: DeleteOptions): Promise<void> {
  const { namespace, name } = ctx.info;
  let o = opts;
  if (!opts.dryRun) {
    const updated = await ctx.store.guaranteedUpdate(
      namespace,
      name,
      (pod: Pod) => {
        const pre = opts.preconditions;
        if (pre?.uid && pre.uid !== pod.metadata?.uid)
          throw conflict(POD_GR, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${pod.metadata?.uid}`);
        if (pre?.resourceVersion && pre.resourceVersion !== pod.metadata?.resourceVersion)
          throw conflict(POD_GR, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${pod.metadata?.resourceVersion}`);
        const status = (pod.status ??= {});
        const conditions = status.conditions ?? [];
        const prior = conditions.find((c) => c.type === 'DisruptionTarget');
        const cond: Condition = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: prior?.status === 'True' ? prior.lastTransitionTime : timestamp(new Date()), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };
        status.conditions = [...conditions.filter((c) => c.type !== 'DisruptionTarget'), cond];
        delete pod.metadata!.resourceVersion;
        return pod;
      },
      { fieldManager: fieldManager(ctx), subresource: 'status' },
    );
    // We changed the pod: a resourceVersion precondition now refers to our write.
    if (opts.preconditions?.resourceVersion) o = withVersion(opts, updated.metadata?.resourceVersion);
  }
  await deleteObject(ctx.store, namespace, name, o);
}

/** PDBs in the pod's namespace whose selector matches it (v1: an empty selector matches all, none matches nothing). */
async function pdbsFor(pdbs: ResourceStore, pod: Pod): Promise<Pdb[]> {
  const { entries } = await listEntries(pdbs, pod.metadata?.namespace ?? '', {});
  return entries.map((e) => e.object() as Pdb).filter((p) => labelSelectorAsSelector(p.spec?.selector)?.matches(pod.metadata?.labels) ?? false);
}

function setAllowedCondition(pdb: Pdb): void {
  const st = pdb.status!;
  const allowed = (st.disruptionsAllowed ?? 0) > 0;
  const conds = st.conditions ?? [];
  const prior = conds.find((c) => c.type === 'DisruptionAllowed');
  const status = allowed ? 'True' : 'False';
  const cond: Condition = {
    type: 'DisruptionAllowed',
    status,
    observedGeneration: st.observedGeneration,
    lastTransitionTime: prior && prior.status === status ? prior.lastTransitionTime : timestamp(new Date()),
    reason: allowed ? 'SufficientPods' : 'InsufficientPods',
    message: '',
  };
  st.conditions = [...conds.filter((c) => c.type !== 'DisruptionAllowed'), cond];
}

/** checkAndDecrement: takes one allowed disruption from the latest PDB, or refuses. */
async function takeDisruption(ctx: Ctx, pdbs: ResourceStore, pdb: Pdb, podName: string, dryRun: boolean): Promise<void> {
  const mutate = (cur: Pdb): Pdb => {
    const st = (cur.status ??= {});
    if ((st.observedGeneration ?? 0) < (cur.metadata?.generation ?? 0)) throw budgetError(`The disruption budget ${cur.metadata?.name} is still being processed by the server.`);
    const allowed = st.disruptionsAllowed ?? 0;
    if (allowed < 0) throw forbidden(PDB_GR, String(cur.metadata?.name), 'pdb disruptions allowed is negative');
    if (Object.keys(st.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS)
      throw forbidden(PDB_GR, String(cur.metadata?.name), 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
    if (allowed === 0)
      throw budgetError(`The disruption budget ${cur.metadata?.name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`);
    st.disruptionsAllowed = allowed - 1;
    if (st.disruptionsAllowed === 0) setAllowedCondition(cur);
    st.disruptedPods = { ...(st.disruptedPods ?? {}), [podName]: timestamp(new Date()) };
    delete cur.metadata!.resourceVersion;
    return cur;
  };
  if (dryRun) {
    mutate(structuredClone(pdb));
    return;
  }
  try {
    await pdbs.guaranteedUpdate(pdb.metadata?.namespace ?? '', String(pdb.metadata?.name), (o) => mutate(o as Pdb), { fieldManager: fieldManager(ctx), subresource: 'status' });
  } catch (e) {
    if (isConflict(e)) throw timeout(`couldn't update PodDisruptionBudget "${pdb.metadata?.name}" due to conflicts`);
    throw e;
  }
}

function success(ctx: Ctx): void {
  sendJson(ctx.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

export async function handleEviction(ctx: Ctx): Promise<void> {
  const opts = parseEviction(ctx, await readBody(ctx.req));
  const { namespace, name } = ctx.info;
  const pinned = !!opts.preconditions?.resourceVersion;
  let pod: Pod | undefined;
  // Pods the budget does not guard are deleted directly (retrying conflicts unless the caller pinned a version).
  for (let attempt = 0; ; attempt++) {
    pod = (await ctx.store.get(namespace, name)) as Pod;
    if (!canIgnorePdb(pod)) break;
    const o = mustPinVersion(pod) && !pinned ? withVersion(opts, pod.metadata?.resourceVersion) : opts;
    try {
      await addConditionAndDelete(ctx, o);
      return success(ctx);
    } catch (e) {
      if (!isConflict(e) || pinned || attempt >= RETRIES) throw e;
    }
  }
  const pdbStore = ctx.services.registry.lookup('policy', 'v1', 'poddisruptionbudgets');
  const pdbs = pdbStore ? await pdbsFor(pdbStore, pod) : [];
  if (pdbs.length > 1) {
    sendJson(ctx.res, 500, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: MULTIPLE_PDBS_MESSAGE, code: 500 });
    return;
  }
  let pinToPod = false;
  const pdb = pdbs[0];
  if (pdb && pdbStore) {
    const st = pdb.status ?? {};
    if (!isReady(pod) && (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' || ((st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0))) {
      // An unready pod of a budget that is met (or that always allows it): no disruption is taken,
      // but the pod must still be unready when deleted.
      pinToPod = true;
    } else {
      await takeDisruption(ctx, pdbStore, pdb, name, !!opts.dryRun);
    }
  }
  const o = pinToPod ? withVersion(opts, pod.metadata?.resourceVersion) : opts;
  try {
    await addConditionAndDelete(ctx, o);
  } catch (e) {
    if (isConflict(e) && pinToPod && !pinned) throw budgetError(`The disruption budget ${pdb?.metadata?.name} is still being processed by the server.`);
    throw e;
  }
  success(ctx);
}
