// kube-openapi's number validator: range of the declared type/format,
// multipleOf, maximum and minimum (exclusive or not).
import type { JSONSchemaProps } from './types.js';
import * as E from './openapi-errors.js';
import type { OpenAPIError } from './openapi-errors.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_LIMIT = 9223372036854775807;
const FLOAT32_MAX = 3.4028234663852886e38;

/** IsValueValidAgainstRange: undefined when `val` fits the type/format, else the plain error. */
function rangeError(val: number, typeName: string, format: string, prefix: string, path: string): OpenAPIError | undefined {
  let ok = true;
  if (typeName === 'integer') {
    if (!Number.isInteger(val)) ok = false;
    else if (format === 'int32') ok = val >= INT32_MIN && val <= INT32_MAX;
    else ok = Math.abs(val) <= INT64_LIMIT;
  } else if (format === 'float') {
    ok = Math.abs(val) <= FLOAT32_MAX;
  }
  if (ok) return undefined;
  return E.plainErr(
    format
      ? `${prefix} value must be of type ${typeName} with format ${format} in ${path}`
      : `${prefix} value must be of type ${typeName} (default format) in ${path}`,
  );
}

function isMultiple(data: number, factor: number): boolean {
  if (Number.isInteger(data) && Number.isInteger(factor)) return factor === 0 || data % factor === 0;
  const mult = factor < 1 ? (1 / factor) * data : data / factor;
  return Number.isInteger(mult);
}

export function checkNumber(s: JSONSchemaProps, types: string[], format: string, data: number, path: string): OpenAPIError[] {
  const out: OpenAPIError[] = [];
  let typeName = '';
  let fmt = '';
  if (types.length === 1 && (types[0] === 'integer' || types[0] === 'number')) {
    typeName = types[0];
    if (typeName === 'integer' && (format === 'int32' || format === 'int64')) fmt = format;
    if (typeName === 'number' && (format === 'float' || format === 'double')) fmt = format;
  }
  const checked = rangeError(data, typeName, fmt, 'Checked', path);
  if (checked) out.push(checked);
  if (s.multipleOf !== undefined) {
    const bad = rangeError(s.multipleOf, typeName, fmt, 'MultipleOf', path);
    if (bad) out.push(bad);
    if (s.multipleOf <= 0 && !Number.isInteger(data)) {
      out.push(E.plainErr(`factor MultipleOf declared for ${path} must be positive: ${s.multipleOf}`));
    } else if (!isMultiple(data, s.multipleOf)) {
      out.push(E.multipleOfErr(path, s.multipleOf, data));
    }
  }
  if (s.minimum !== undefined) {
    const bad = rangeError(s.minimum, typeName, fmt, 'Minimum boundary', path);
    if (bad) out.push(bad);
    const min = !bad && Number.isInteger(data) ? Math.trunc(s.minimum) : s.minimum;
    if (s.exclusiveMinimum ? data <= min : data < min) out.push(E.minimumErr(path, min, !!s.exclusiveMinimum, data));
  }
  if (s.maximum !== undefined) {
    const bad = rangeError(s.maximum, typeName, fmt, 'Maximum boundary', path);
    if (bad) out.push(bad);
    const max = !bad && Number.isInteger(data) ? Math.trunc(s.maximum) : s.maximum;
    if (s.exclusiveMaximum ? data >= max : data > max) out.push(E.maximumErr(path, max, !!s.exclusiveMaximum, data));
  }
  return out;
}
