// kube-openapi's validation errors (k8s.io/kube-openapi/pkg/validation/errors)
// and apiextensions' mapping of them to field errors
// (kubeOpenAPIResultToFieldErrors), with upstream's message wording.
import type { FieldError } from '../validation/field.js';
import { notSupported, required, tooMany } from '../validation/field.js';
import { goValue } from './json.js';

export type OpenAPICode =
  | 'invalidType'
  | 'required'
  | 'tooLong'
  | 'enum'
  | 'maxItems'
  | 'tooManyProperties'
  | 'other';

/** A kube-openapi Validation error (has a name), or a plain error (name undefined). */
export interface OpenAPIError {
  code: OpenAPICode;
  name?: string;
  value?: unknown;
  valid?: number;
  values?: unknown[];
  message: string;
}

const IN = 'body';

export function invalidType(name: string, typeName: string, value: string): OpenAPIError {
  return { code: 'invalidType', name, value, message: `${name} in ${IN} must be of type ${typeName}: ${JSON.stringify(value)}` };
}

export function requiredErr(name: string): OpenAPIError {
  return { code: 'required', name, message: `${name} in ${IN} is required` };
}

export function tooLongErr(name: string, max: number, value: string): OpenAPIError {
  return { code: 'tooLong', name, value, valid: max, message: `${name} in ${IN} should be at most ${max} chars long` };
}

export function tooShortErr(name: string, min: number, value: string): OpenAPIError {
  return { code: 'other', name, value, message: `${name} in ${IN} should be at least ${min} chars long` };
}

export function patternErr(name: string, pattern: string, value: string): OpenAPIError {
  return { code: 'other', name, value, message: `${name} in ${IN} should match '${pattern}'` };
}

export function enumErr(name: string, value: unknown, values: unknown[]): OpenAPIError {
  return { code: 'enum', name, value, values, message: `${name} in ${IN} should be one of ${goValue(values)}` };
}

export function multipleOfErr(name: string, factor: number, value: unknown): OpenAPIError {
  return { code: 'other', name, value, message: `${name} in ${IN} should be a multiple of ${goValue(factor)}` };
}

export function maximumErr(name: string, max: number, exclusive: boolean, value: unknown): OpenAPIError {
  const m = exclusive ? 'should be less than' : 'should be less than or equal to';
  return { code: 'other', name, value, message: `${name} in ${IN} ${m} ${goValue(max)}` };
}

export function minimumErr(name: string, min: number, exclusive: boolean, value: unknown): OpenAPIError {
  const m = exclusive ? 'should be greater than' : 'should be greater than or equal to';
  return { code: 'other', name, value, message: `${name} in ${IN} ${m} ${goValue(min)}` };
}

export function uniqueErr(name: string): OpenAPIError {
  return { code: 'other', name, message: `${name} in ${IN} shouldn't contain duplicates` };
}

export function maxItemsErr(name: string, max: number, size: number): OpenAPIError {
  return { code: 'maxItems', name, value: size, valid: max, message: `${name} in ${IN} should have at most ${max} items` };
}

export function minItemsErr(name: string, min: number, size: number): OpenAPIError {
  return { code: 'other', name, value: size, message: `${name} in ${IN} should have at least ${min} items` };
}

export function tooManyPropsErr(name: string, max: number, size: number): OpenAPIError {
  return { code: 'tooManyProperties', name, value: size, valid: max, message: `${name} in ${IN} should have at most ${max} properties` };
}

export function tooFewPropsErr(name: string, min: number, size: number): OpenAPIError {
  return { code: 'other', name, value: size, message: `${name} in ${IN} should have at least ${min} properties` };
}

export function propertyNotAllowedErr(name: string, key: string): OpenAPIError {
  return { code: 'other', name, value: key, message: `${name}.${key} in ${IN} is a forbidden property` };
}

export function plainErr(message: string): OpenAPIError {
  return { code: 'other', message };
}

function join(prefix: string, name: string | undefined): string {
  if (!name || name === '.') return prefix;
  const n = name.startsWith('.') ? name.slice(1) : name;
  return prefix ? `${prefix}.${n}` : n;
}

/** kubeOpenAPIResultToFieldErrors: `prefix` is the field path the validated value sits at ('' for the object root). */
export function toFieldErrors(prefix: string, errs: OpenAPIError[]): FieldError[] {
  return errs.map((e): FieldError => {
    if (e.name === undefined) return { type: 'FieldValueInvalid', field: prefix, badValue: '', detail: e.message };
    const path = join(prefix, e.name);
    switch (e.code) {
      case 'required':
        return required(path, '');
      case 'enum':
        return notSupported(
          path,
          e.value,
          (e.values ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
        );
      case 'tooLong':
        return { type: 'FieldValueTooLong', field: path, detail: `must have at most ${e.valid ?? -1} bytes` };
      case 'maxItems':
      case 'tooManyProperties':
        return tooMany(path, typeof e.value === 'number' ? e.value : -1, e.valid ?? -1);
      case 'invalidType':
        return { type: 'FieldValueTypeInvalid', field: path, badValue: e.value ?? '', detail: e.message };
      default:
        return { type: 'FieldValueInvalid', field: path, badValue: e.value ?? '', detail: e.message };
    }
  });
}
