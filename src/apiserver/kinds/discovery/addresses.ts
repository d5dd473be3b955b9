// Address checks for EndpointSlices, worded like apimachinery's
// IsValidIPv4Address / IsValidIPv6Address / IsFullyQualifiedDomainName and
// core's ValidateNonSpecialIP.
import { type FieldError, type FieldPath, invalid, required } from '../../validation/field.js';
import { isDNS1123Label, isDNS1123Subdomain, isIPv4, isIPv6 } from '../../validation/names.js';

/** The 16 bytes of an IPv6 address (which must be valid). */
function ipv6Bytes(s: string): number[] {
  let text = s;
  let tail: number[] = [];
  if (text.includes('.')) {
    const at = text.lastIndexOf(':');
    tail = text.slice(at + 1).split('.').map(Number);
    text = `${text.slice(0, at + 1)}0:0`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (x: string | undefined): number[] => (x ? x.split(':').map((h) => parseInt(h, 16)) : []);
  const left = groups(head);
  const right = groups(rest);
  const words = rest === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** IP family-independent view of an address: 4 bytes for IPv4 (incl. IPv4-mapped IPv6), else 16. */
export function ipBytes(s: string): number[] | undefined {
  if (isIPv4(s)) return s.split('.').map(Number);
  if (!isIPv6(s)) return undefined;
  const b = ipv6Bytes(s);
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  return mapped ? b.slice(12) : b;
}

export function validateIPv4Address(value: string, fld: FieldPath): FieldError[] {
  const b = ipBytes(value);
  return b && b.length === 4 ? [] : [invalid(fld, value, 'must be a valid IPv4 address')];
}

export function validateIPv6Address(value: string, fld: FieldPath): FieldError[] {
  return isIPv6(value) && ipBytes(value)!.length === 16 ? [] : [invalid(fld, value, 'must be a valid IPv6 address')];
}

export function validateNonSpecialIP(value: string, fld: FieldPath): FieldError[] {
  const b = ipBytes(value);
  if (!b) return [invalid(fld, value, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const v4 = b.length === 4;
  if (b.every((x) => x === 0)) errs.push(invalid(fld, value, `may not be unspecified (${value})`));
  const loopback = v4 ? b[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  if (loopback) errs.push(invalid(fld, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  const llMulticast = v4 ? b[0] === 224 && b[1] === 0 && b[2] === 0 : b[0] === 0xff && (b[1]! & 0x0f) === 0x02;
  if (llMulticast) errs.push(invalid(fld, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  const llUnicast = v4 ? b[0] === 169 && b[1] === 254 : b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
  if (llUnicast) errs.push(invalid(fld, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  return errs;
}

export function validateFQDN(value: string, fld: FieldPath): FieldError[] {
  if (value.length === 0) return [required(fld, '')];
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  const sub = isDNS1123Subdomain(name);
  if (sub.length) return [invalid(fld, name, sub.join(','))];
  const labels = name.split('.');
  if (labels.length < 2) return [invalid(fld, name, 'should be a domain with at least two segments separated by dots')];
  for (const label of labels) {
    const errs = isDNS1123Label(label);
    if (errs.length) return [invalid(fld, label, errs.join(','))];
  }
  return [];
}
