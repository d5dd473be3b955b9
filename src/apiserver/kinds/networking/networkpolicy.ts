// networking.k8s.io/v1 NetworkPolicy: policyTypes default from the presence of
// egress rules, port protocols default to TCP, peers and ipBlocks are checked.
import type { KubeObject, Strategy } from '../../types.js';
import { type FieldError, type FieldPath, forbidden, invalid, notSupported, required, root } from '../../validation/field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import { isValidCIDR, isValidPortName, isValidPortNum, nameIsDNSSubdomain } from '../../validation/names.js';
import { asArray, asObj, asString, ensureObj, type Obj } from '../apps/helpers.js';
import { startGeneration } from '../core/util.js';
import { validateLabelSelector } from '../apps/selector.js';
import { ipBytes } from '../discovery/addresses.js';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

function validatePort(port: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol !== undefined && port.protocol !== null && !PROTOCOLS.includes(String(port.protocol))) {
    errs.push(notSupported(fld.child('protocol'), port.protocol, PROTOCOLS));
  }
  const hasEnd = typeof port.endPort === 'number';
  if (port.port === undefined || port.port === null) {
    if (hasEnd) errs.push(invalid(fld.child('endPort'), port.endPort, 'may not be specified when `port` is not specified'));
  } else if (typeof port.port === 'number') {
    for (const m of isValidPortNum(port.port)) errs.push(invalid(fld.child('port'), port.port, m));
    if (hasEnd) {
      const end = port.endPort as number;
      if (end < port.port) errs.push(invalid(fld.child('endPort'), port.port, 'must be greater than or equal to `port`'));
      for (const m of isValidPortNum(end)) errs.push(invalid(fld.child('endPort'), end, m));
    }
  } else {
    if (hasEnd) errs.push(invalid(fld.child('endPort'), port.endPort, 'may not be specified when `port` is non-numeric'));
    const name = asString(port.port);
    for (const m of isValidPortName(name)) errs.push(invalid(fld.child('port'), name, m));
  }
  return errs;
}

/** Parses `a.b.c.d/n` into its network bytes and prefix length. */
function parseCIDR(cidr: string): { bytes: number[]; bits: number } | undefined {
  if (isValidCIDR(cidr).length) return undefined;
  const [ip, bits] = cidr.split('/') as [string, string];
  const bytes = ipBytes(ip);
  return bytes ? { bytes, bits: Number(bits) } : undefined;
}

function contains(net: { bytes: number[]; bits: number }, ip: number[]): boolean {
  if (net.bytes.length !== ip.length) return false;
  for (let bit = 0; bit < net.bits; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((net.bytes[byte]! & mask) !== (ip[byte]! & mask)) return false;
  }
  return true;
}

function validateIPBlock(block: Obj, fld: FieldPath): FieldError[] {
  const cidr = asString(block.cidr);
  if (cidr === '') return [required(fld.child('cidr'), '')];
  const errs = isValidCIDR(cidr).map((m) => invalid(fld.child('cidr'), cidr, m));
  const net = parseCIDR(cidr);
  if (!net) return errs;
  asArray(block.except).forEach((e, i) => {
    const ex = asString(e);
    const ef = fld.child('except').index(i);
    errs.push(...isValidCIDR(ex).map((m) => invalid(ef, ex, m)));
    const exNet = parseCIDR(ex);
    if (!exNet) return;
    if (!contains(net, exNet.bytes) || net.bits >= exNet.bits) errs.push(invalid(ef, ex, 'must be a strict subset of `cidr`'));
  });
  return errs;
}

function validatePeer(peer: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  for (const key of ['podSelector', 'namespaceSelector']) {
    if (peer[key] === undefined || peer[key] === null) continue;
    peers++;
    errs.push(...validateLabelSelector(peer[key], {}, fld.child(key)));
  }
  const block = asObj(peer.ipBlock);
  if (block) {
    peers++;
    errs.push(...validateIPBlock(block, fld.child('ipBlock')));
  }
  if (peers === 0) errs.push(required(fld, 'must specify a peer'));
  else if (peers > 1 && block) errs.push(forbidden(fld, 'may not specify both ipBlock and another peer'));
  return errs;
}

function validateSpec(obj: KubeObject): FieldError[] {
  const spec = asObj(obj.spec) ?? {};
  const fld = root('spec');
  const errs = validateLabelSelector(spec.podSelector ?? {}, {}, fld.child('podSelector'));
  for (const [dir, peerKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
    asArray(spec[dir]).forEach((r, i) => {
      const rule = asObj(r) ?? {};
      const rf = fld.child(dir).index(i);
      asArray(rule.ports).forEach((p, j) => errs.push(...validatePort(asObj(p) ?? {}, rf.child('ports').index(j))));
      asArray(rule[peerKey]).forEach((p, j) => errs.push(...validatePeer(asObj(p) ?? {}, rf.child(peerKey).index(j))));
    });
  }
  const types = asArray(spec.policyTypes);
  if (types.length > POLICY_TYPES.length) {
    errs.push(invalid(fld.child('policyTypes'), types, 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(asString(t))) errs.push(notSupported(fld.child('policyTypes').index(i), t, POLICY_TYPES));
  });
  return errs;
}

export const networkPolicyStrategy: Strategy = {
  prepareForCreate: startGeneration,
  defaults(obj) {
    const spec = ensureObj(obj as Obj, 'spec');
    if (asArray(spec.policyTypes).length === 0) {
      spec.policyTypes = asArray(spec.egress).length ? ['Ingress', 'Egress'] : ['Ingress'];
    }
    for (const dir of ['ingress', 'egress']) {
      for (const r of asArray(spec[dir])) {
        for (const p of asArray(asObj(r)?.ports)) {
          const port = asObj(p);
          if (port && (port.protocol === undefined || port.protocol === null)) port.protocol = 'TCP';
        }
      }
    }
  },
  validate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSpec(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(obj)];
  },
};
