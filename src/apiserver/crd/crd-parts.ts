// Validation of the smaller parts of a CRD spec: names, printer columns,
// subresources, simple JSON paths, conversion, deprecation warnings.
import type { CRDConversion, CRDNames, CRDSubresources, PrinterColumn } from './types.js';
import { forbidden, invalid, notSupported, required, type FieldError } from '../validation/field.js';
import { isDNS1035Label } from './names.js';

export function validateNames(names: CRDNames | undefined, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const n = names ?? {};
  const dns = (v: string | undefined, field: string, mixed = false) => {
    if (!v) return;
    const e = isDNS1035Label(mixed ? v.toLowerCase() : v);
    if (e.length) errs.push(invalid(`${p}.${field}`, v, (mixed ? 'may have mixed case, but should otherwise match: ' : '') + e.join(',')));
  };
  dns(n.plural, 'plural');
  dns(n.singular, 'singular');
  dns(n.kind, 'kind', true);
  dns(n.listKind, 'listKind', true);
  (n.shortNames ?? []).forEach((s, i) => {
    const e = isDNS1035Label(s);
    if (e.length) errs.push(invalid(`${p}.shortNames[${i}]`, s, e.join(',')));
  });
  if (n.kind && n.kind === n.listKind) errs.push(invalid(`${p}.listKind`, n.listKind, 'kind and listKind may not be the same'));
  (n.categories ?? []).forEach((c, i) => {
    const e = isDNS1035Label(c);
    if (e.length) errs.push(invalid(`${p}.categories[${i}]`, c, e.join(',')));
  });
  return errs;
}

export function validateSimpleJSONPath(s: string, p: string): FieldError[] {
  if (s.length === 0) return [invalid(p, s, 'must not be empty')];
  if (s[0] !== '.') return [invalid(p, s, 'must be a simple json path starting with .')];
  return [];
}

const columnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const columnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

export function validateColumn(col: PrinterColumn, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!col.name) errs.push(required(`${p}.name`, ''));
  if (!col.type) errs.push(required(`${p}.type`, `must be one of ${columnTypes.join(',')}`));
  else if (!columnTypes.includes(col.type)) errs.push(invalid(`${p}.type`, col.type, `must be one of ${columnTypes.join(',')}`));
  if (col.format && !columnFormats.includes(col.format)) {
    errs.push(invalid(`${p}.format`, col.format, `must be one of ${columnFormats.join(',')}`));
  }
  if (!col.jsonPath) errs.push(required(`${p}.JSONPath`, ''));
  else errs.push(...validateSimpleJSONPath(col.jsonPath, `${p}.JSONPath`));
  return errs;
}

export function validateSubresources(sub: CRDSubresources | undefined, p: string): FieldError[] {
  const scale = sub?.scale;
  if (!scale) return [];
  const errs: FieldError[] = [];
  const check = (value: string | undefined, field: string, prefixes: string[], detail: string, mandatory: boolean) => {
    const fp = `${p}.scale.${field}`;
    if (!value) {
      if (mandatory) errs.push(required(fp, ''));
      return;
    }
    const e = validateSimpleJSONPath(value, fp);
    if (e.length) errs.push(...e);
    else if (!prefixes.some((x) => value.startsWith(x))) errs.push(invalid(fp, value, detail));
  };
  check(scale.specReplicasPath, 'specReplicasPath', ['.spec.'], 'should be a json path under .spec', true);
  check(scale.statusReplicasPath, 'statusReplicasPath', ['.status.'], 'should be a json path under .status', true);
  check(scale.labelSelectorPath, 'labelSelectorPath', ['.spec.', '.status.'], 'should be a json path under either .spec or .status', false);
  return errs;
}

const reviewVersions = ['v1', 'v1beta1'];

export function validateConversion(conv: CRDConversion | undefined, p: string): FieldError[] {
  if (!conv) return [];
  const errs: FieldError[] = [];
  const strategy = conv.strategy ?? '';
  if (!strategy) errs.push(required(`${p}.strategy`, ''));
  else if (strategy !== 'None' && strategy !== 'Webhook') errs.push(notSupported(`${p}.strategy`, strategy, ['None', 'Webhook']));
  const cc = conv.webhook?.clientConfig;
  const versions = conv.webhook?.conversionReviewVersions ?? [];
  if (strategy === 'Webhook') {
    if (!cc) errs.push(required(`${p}.webhookClientConfig`, 'required when strategy is set to Webhook'));
    else if ((cc.url === undefined) === (cc.service === undefined)) {
      errs.push(required(`${p}.webhookClientConfig`, 'exactly one of url or service is required'));
    } else if (cc.url !== undefined && !cc.url.startsWith('https://')) {
      errs.push(invalid(`${p}.webhookClientConfig.url`, cc.url, "'https' is the only allowed URL scheme"));
    } else if (cc.service) {
      if (!cc.service.name) errs.push(required(`${p}.webhookClientConfig.service.name`, 'service name is required'));
      if (!cc.service.namespace) errs.push(required(`${p}.webhookClientConfig.service.namespace`, 'service namespace is required'));
    }
    const vp = `${p}.conversionReviewVersions`;
    if (versions.length === 0) errs.push(required(vp, ''));
    else {
      const seen = new Set<string>();
      versions.forEach((v, i) => {
        if (seen.has(v)) errs.push(invalid(`${vp}[${i}]`, v, 'duplicate version'));
        seen.add(v);
      });
      if (!versions.some((v) => reviewVersions.includes(v))) {
        errs.push(invalid(vp, versions, `must include at least one of ${reviewVersions.join(', ')}`));
      }
    }
  } else {
    if (cc) errs.push(forbidden(`${p}.webhookClientConfig`, 'should not be set when strategy is not set to Webhook'));
    if (versions.length) errs.push(forbidden(`${p}.conversionReviewVersions`, 'should not be set when strategy is not set to Webhook'));
  }
  return errs;
}

export function deprecationWarningErrors(deprecated: boolean, warning: string | undefined): string[] {
  if (!deprecated && warning !== undefined) return ['can only be set for deprecated versions'];
  if (warning === undefined) return [];
  const out: string[] = [];
  if (Buffer.byteLength(warning) > 256) out.push('must be <= 256 characters long');
  if (warning.length === 0) out.push('must not be an empty string');
  const bad = [...warning].findIndex((c) => /[\p{Cc}\p{Cn}\p{Cs}]/u.test(c));
  if (bad >= 0) out.push(`must only contain printable UTF-8 characters; non-printable character found at index ${bad}`);
  return out;
}
