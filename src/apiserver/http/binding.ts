// pods/binding: the scheduler's way to assign a pod to a node.
import { badRequest, conflict } from '../errors.js';
import type { KubeObject } from '../types.js';
import { timestamp } from '../registry/meta.js';
import { decodeBody } from './negotiate.js';
import { type Ctx, writeOptions } from './request.js';
import { readBody, sendJson } from './respond.js';

export async function handleBinding(ctx: Ctx): Promise<void> {
  const body = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']) as KubeObject | null;
  const target = (body?.target ?? {}) as { kind?: string; name?: string };
  if (!body || typeof body !== 'object' || !target.name) throw badRequest('Binding.target.name is required');
  if (target.kind && target.kind !== 'Node') throw badRequest(`Binding.target.kind must be Node, not ${target.kind}`);
  const { namespace, name } = ctx.info;
  const gr = { group: '', resource: 'pods/binding' };
  await ctx.store.guaranteedUpdate(
    namespace,
    name,
    (pod) => {
      const spec = (pod.spec ??= {}) as { nodeName?: string };
      if (pod.metadata?.deletionTimestamp) throw conflict(gr, name, 'pod is being deleted, cannot be assigned to a host');
      if (spec.nodeName) throw conflict(gr, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
      spec.nodeName = target.name;
      // Like upstream's binding: the pod is now scheduled.
      const status = (pod.status ??= {}) as { conditions?: Array<Record<string, unknown>> };
      const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(new Date()) });
      status.conditions = conditions;
      const ann = body.metadata?.annotations;
      if (ann) pod.metadata!.annotations = { ...(pod.metadata!.annotations ?? {}), ...ann };
      delete pod.metadata!.resourceVersion;
      return pod;
    },
    writeOptions(ctx, 'binding'),
  );
  sendJson(ctx.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
