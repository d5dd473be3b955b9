// Name checks with upstream's wording (k8s.io/apimachinery/pkg/util/validation),
// and the metadata.name / generateName checks of ValidateObjectMeta.
import { invalid, required, type FieldError } from '../validation/field.js';

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1123SubdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1035LabelRe = new RegExp(`^${dns1035LabelFmt}$`);
const dns1035LabelMsg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

export function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let s = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) s += ' or ';
    s += `'${e}', `;
  });
  return `${s}regex used for validation is '${fmt}')`;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRe.test(value)) errs.push(regexError(dns1123SubdomainMsg, dns1123SubdomainFmt, 'example.com'));
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!dns1035LabelRe.test(value)) errs.push(regexError(dns1035LabelMsg, dns1035LabelFmt, 'my-name', 'abc-123'));
  return errs;
}

/** NameIsDNSSubdomain: a generateName prefix may end in '-'. */
export function nameIsDNSSubdomain(name: string, prefix: boolean): string[] {
  if (prefix && name.length > 1 && name.endsWith('-')) name = `${name.slice(0, -1)}a`;
  return isDNS1123Subdomain(name);
}

export type NameValidator = (name: string, prefix: boolean) => string[];

/** The name part of ValidateObjectMeta: name or generateName, each checked by `fn`. */
export function validateMetaName(meta: { name?: unknown; generateName?: unknown } | undefined, fn: NameValidator): FieldError[] {
  const errs: FieldError[] = [];
  const name = typeof meta?.name === 'string' ? meta.name : '';
  const generateName = typeof meta?.generateName === 'string' ? meta.generateName : '';
  if (generateName) {
    for (const msg of fn(generateName, true)) errs.push(invalid('metadata.generateName', generateName, msg));
  }
  if (!name) {
    if (!generateName) errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of fn(name, false)) errs.push(invalid('metadata.name', name, msg));
  }
  return errs;
}
