// Helpers shared by the networking kinds: wildcard hosts, domain-prefixed
// paths and typed local object references, worded as upstream.
import { type FieldError, type FieldPath, invalid, required } from '../../validation/field.js';
import { DNS1123_SUBDOMAIN_MAX_LENGTH, isDNS1123Subdomain, maxLenError, nameIsPathSegment, regexError } from '../../validation/names.js';
import { asObj, asString } from '../apps/helpers.js';

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const wildcardFmt = `\\*\\.${dns1123SubdomainFmt}`;
const wildcardRe = new RegExp(`^(?:${wildcardFmt})$`);
const wildcardMsg =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

/** IsWildcardDNS1123Subdomain. */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!wildcardRe.test(value)) errs.push(regexError(wildcardMsg, wildcardFmt, '*.example.com'));
  return errs;
}

/** A host that may be a wildcard (`*.example.com`) or a plain DNS subdomain. */
export function hostErrors(host: string): string[] {
  return host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
}

const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPathRe = new RegExp(`^(?:${httpPathFmt})$`);

/** IsDomainPrefixedPath, e.g. an IngressClass controller `example.com/ingress`. */
export function validateDomainPrefixedPath(value: string, fld: FieldPath): FieldError[] {
  if (value.length === 0) return [required(fld, '')];
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const path = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || host.length === 0 || path.length === 0) {
    return [invalid(fld, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  const errs = isDNS1123Subdomain(host).map((m) => invalid(fld, host, m));
  if (!httpPathRe.test(path)) errs.push(invalid(fld, path, regexError('Invalid path', httpPathFmt)));
  return errs;
}

/** validateIngressTypedLocalObjectReference. */
export function validateTypedLocalRef(ref: unknown, fld: FieldPath): FieldError[] {
  const r = asObj(ref);
  if (!r) return [];
  const errs: FieldError[] = [];
  if (typeof r.apiGroup === 'string') {
    for (const m of isDNS1123Subdomain(r.apiGroup)) errs.push(invalid(fld.child('apiGroup'), r.apiGroup, m));
  }
  for (const key of ['kind', 'name']) {
    const v = asString(r[key]);
    if (v === '') errs.push(required(fld.child(key), `${key} is required`));
    else for (const m of nameIsPathSegment(v, false)) errs.push(invalid(fld.child(key), v, m));
  }
  return errs;
}
