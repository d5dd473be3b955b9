// Field paths and field errors, shaped like k8s.io/apimachinery/pkg/util/validation/field.
// Validators return FieldError[]; the API edge turns them into a 422 Invalid Status
// with one cause per error.

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path like `spec.containers[0].name`. */
  field: string;
  /** The offending value, shown in the message when present. */
  badValue?: unknown;
  /** Extra detail, e.g. the DNS-1123 explanation. */
  detail?: string;
}

/** An immutable field path: `root('spec').child('containers').index(0).key('app')`. */
export class FieldPath {
  private constructor(private readonly text: string) {}

  static root(name = ''): FieldPath {
    return new FieldPath(name);
  }

  child(...names: string[]): FieldPath {
    let t = this.text;
    for (const n of names) t = t ? `${t}.${n}` : n;
    return new FieldPath(t);
  }

  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}

export const root = (name = ''): FieldPath => FieldPath.root(name);

const mk =
  (type: FieldErrorType) =>
  (field: FieldPath | string, badValue?: unknown, detail?: string): FieldError => ({
    type,
    field: String(field),
    badValue,
    detail,
  });

export const invalid = mk('FieldValueInvalid');
export const duplicate = mk('FieldValueDuplicate');
export const notFound = mk('FieldValueNotFound');
export const typeInvalid = mk('FieldValueTypeInvalid');

export function required(field: FieldPath | string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field: String(field), detail };
}

export function forbidden(field: FieldPath | string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field: String(field), detail };
}

export function notSupported(field: FieldPath | string, badValue: unknown, valid: string[]): FieldError {
  const detail = valid.length ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field: String(field), badValue, detail };
}

export function tooLong(field: FieldPath | string, badValue: unknown, max: number): FieldError {
  return { type: 'FieldValueTooLong', field: String(field), badValue, detail: `must have at most ${max} bytes` };
}

export function tooMany(field: FieldPath | string, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field: String(field), badValue: actual, detail: `must have at most ${max} items` };
}

export function internalError(field: FieldPath | string, err: Error): FieldError {
  return { type: 'InternalError', field: String(field), detail: err.message };
}

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The message of one cause, e.g. `Invalid value: "Foo": must be lowercase`. */
export function errorBody(e: FieldError): string {
  let s = typeText[e.type];
  const withValue = e.type !== 'FieldValueRequired' && e.type !== 'FieldValueForbidden' && e.type !== 'InternalError';
  if (withValue && e.badValue !== undefined) s += `: ${showValue(e.badValue)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** `field: body` as upstream's ErrorList prints each entry. */
export function errorString(e: FieldError): string {
  return e.field ? `${e.field}: ${errorBody(e)}` : errorBody(e);
}
