// Parsing of Kubernetes resource.Quantity strings ("100m", "1Gi", "1e3", "0.5").
// Grammar (k8s.io/apimachinery/pkg/api/resource):
//   <quantity> ::= <sign><number><suffix>
//   <suffix>   ::= Ki|Mi|Gi|Ti|Pi|Ei | n|u|m|""|k|M|G|T|P|E | (e|E)<sign><digits>
// Values are returned as JS numbers: exact enough to compare and sum requests.

/** Upstream's ErrFormatWrong text. */
export const QUANTITY_FORMAT_MESSAGE =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

export class QuantityParseError extends Error {
  constructor(readonly input: string) {
    super(QUANTITY_FORMAT_MESSAGE);
    this.name = 'QuantityParseError';
  }
}

const binary: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const decimal: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

/** base × 10^exp, dividing for negative exponents (0.1 stays 0.1). */
function scale10(base: number, exp: number): number {
  return exp < 0 ? base / 10 ** -exp : base * 10 ** exp;
}

const shape = /^([+-]?)([0-9]+\.?[0-9]*|\.[0-9]+)(.*)$/;

/** Parse a quantity to a number, or throw QuantityParseError. Numbers (JSON ints) are accepted as-is. */
export function parseQuantity(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new QuantityParseError(String(input));
    return input;
  }
  if (typeof input !== 'string') throw new QuantityParseError(String(input));
  const m = shape.exec(input.trim() === input ? input : '');
  if (!m || input.length === 0) throw new QuantityParseError(input);
  const [, sign, digits, suffix] = m;
  const base = Number(digits);
  if (!Number.isFinite(base)) throw new QuantityParseError(input);
  let value: number;
  if (suffix in binary) {
    value = base * binary[suffix];
  } else if (suffix in decimal) {
    value = scale10(base, decimal[suffix]);
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    value = scale10(base, Number(suffix.slice(1)));
  } else {
    throw new QuantityParseError(input);
  }
  if (!Number.isFinite(value)) throw new QuantityParseError(input);
  // Avoid -0 for "-0".
  return sign === '-' && value !== 0 ? -value : value;
}

/** Parse without throwing: undefined when the string is not a quantity. */
export function tryParseQuantity(input: unknown): number | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  try {
    return parseQuantity(input);
  } catch (e) {
    if (e instanceof QuantityParseError) return undefined;
    throw e;
  }
}

export function isValidQuantity(input: unknown): boolean {
  return tryParseQuantity(input) !== undefined;
}

/** Compare two quantities: negative, 0 or positive like a sort comparator. Throws on bad input. */
export function compareQuantities(a: string | number, b: string | number): number {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
