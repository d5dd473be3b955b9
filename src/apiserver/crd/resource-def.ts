// The REST resources a CRD defines: one ResourceDef per served version, named
// by the CRD's accepted names, with a per-version strategy and table printer.
import { createHash } from 'node:crypto';
import type { ResourceDef, ScaleSpec } from '../types.js';
import type { CRDVersion, CustomResourceDefinition } from './types.js';
import { buildCRStrategy, type CustomResourceStrategy } from './cr-strategy.js';
import { crdTablePrinter } from './printer.js';

const verbs = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

export interface CustomResourceDef extends ResourceDef {
  strategy: CustomResourceStrategy;
  /** Deprecation warning to return on every request to this version, when deprecated. */
  deprecationWarning?: string;
}

/** discovery's storageVersionHash: base64 of the first 8 bytes of sha256("group/version/kind"). */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

/** Priority of a Kubernetes version name (v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > other), as CompareKubeAwareVersionStrings. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const stability = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stability, Number(m[1]), m[3] ? Number(m[3]) : 0];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) {
    if (pa) return 1;
    if (pb) return -1;
    return a < b ? 1 : a > b ? -1 : 0;
  }
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

export function deprecationWarning(crd: CustomResourceDefinition, version: CRDVersion): string | undefined {
  if (!version.deprecated) return undefined;
  if (version.deprecationWarning !== undefined) return version.deprecationWarning;
  const group = crd.spec?.group ?? '';
  const kind = crd.spec?.names?.kind ?? '';
  const name = version.name ?? '';
  let msg = `${group}/${name} ${kind} is deprecated`;
  const newer = (crd.spec?.versions ?? [])
    .filter((v) => v.served && !v.deprecated && compareKubeVersions(name, v.name ?? '') < 0)
    .map((v) => v.name ?? '')
    .sort((x, y) => compareKubeVersions(y, x));
  if (newer.length) msg += `; use ${group}/${newer[0]} ${kind}`;
  return msg;
}

function scaleSpec(v: CRDVersion): ScaleSpec | undefined {
  const s = v.subresources?.scale;
  if (!s?.specReplicasPath || !s.statusReplicasPath) return undefined;
  return { specReplicasPath: s.specReplicasPath, statusReplicasPath: s.statusReplicasPath, labelSelectorPath: s.labelSelectorPath || undefined };
}

/** One ResourceDef per served version of the CRD. */
export function crdToResourceDefs(crd: CustomResourceDefinition): CustomResourceDef[] {
  const spec = crd.spec ?? {};
  const names = crd.status?.acceptedNames?.plural ? crd.status.acceptedNames : spec.names ?? {};
  const group = spec.group ?? '';
  const kind = names.kind ?? '';
  const namespaced = spec.scope !== 'Cluster';
  const storage = spec.versions?.find((v) => v.storage)?.name ?? '';
  return (spec.versions ?? [])
    .filter((v) => v.served)
    .map((v): CustomResourceDef => {
      const version = v.name ?? '';
      const status = v.subresources?.status !== undefined && v.subresources.status !== null;
      const scale = scaleSpec(v);
      return {
        group,
        version,
        kind,
        listKind: names.listKind || `${kind}List`,
        plural: names.plural ?? '',
        singular: names.singular || kind.toLowerCase(),
        namespaced,
        shortNames: names.shortNames?.length ? [...names.shortNames] : undefined,
        categories: names.categories?.length ? [...names.categories] : undefined,
        verbs: [...verbs],
        subresources: { status: status || undefined, scale },
        strategy: buildCRStrategy({
          group,
          version,
          kind,
          namespaced,
          schema: v.schema?.openAPIV3Schema,
          status,
          scale: v.subresources?.scale,
          selectableFields: (v.selectableFields ?? []).map((f) => f.jsonPath ?? '').filter(Boolean),
        }),
        table: crdTablePrinter(v.additionalPrinterColumns),
        storageVersionHash: storageVersionHash(group, storage, kind),
        deprecationWarning: deprecationWarning(crd, v),
      };
    });
}
