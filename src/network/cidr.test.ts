import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allocateNodeSubnet,
  cidrsOverlap,
  formatCidr,
  nodeSubnet,
  nodeSubnetCount,
  nthAddress,
  parseCidr,
  parseIPv4,
  validateClusterCidrs,
} from './cidr.js';
import { InvalidCidrError } from './errors.js';

test('parses and formats IPv4 CIDRs, rejecting bad ones', () => {
  assert.equal(formatCidr(parseCidr('10.42.0.0/16')), '10.42.0.0/16');
  assert.equal(parseIPv4('255.255.255.255'), 2 ** 32 - 1);
  for (const bad of ['10.42.0.0', '10.42.0/16', '10.42.0.0/33', '256.0.0.0/8', '01.2.3.4/8', 'x/8', '10.42.0.0/16/1']) {
    assert.throws(() => parseCidr(bad), InvalidCidrError, bad);
  }
  assert.throws(() => parseCidr('10.42.1.0/16'), /host bits set \(did you mean 10\.42\.0\.0\/16\?\)/);
  assert.equal(formatCidr(parseCidr('10.42.1.7/16', false)), '10.42.0.0/16');
});

test('splits the cluster CIDR into per-node /24s', () => {
  assert.equal(nodeSubnet('10.42.0.0/16', 0), '10.42.0.0/24');
  assert.equal(nodeSubnet('10.42.0.0/16', 7), '10.42.7.0/24');
  assert.equal(nodeSubnet('10.42.0.0/16', 255), '10.42.255.0/24');
  assert.throws(() => nodeSubnet('10.42.0.0/16', 256), InvalidCidrError);
  assert.equal(nodeSubnet('10.0.0.0/8', 300), '10.1.44.0/24');
  assert.equal(nodeSubnet('10.42.0.0/16', 3, 26), '10.42.0.192/26');
  assert.equal(nodeSubnetCount(parseCidr('10.42.0.0/16')), 256);
  assert.throws(() => nodeSubnetCount(parseCidr('10.42.0.0/25')), /node mask size/);
  assert.equal(allocateNodeSubnet('10.42.0.0/16', []), '10.42.0.0/24');
  assert.equal(allocateNodeSubnet('10.42.0.0/16', ['10.42.0.0/24', '10.42.2.0/24']), '10.42.1.0/24');
  assert.throws(() => allocateNodeSubnet('10.42.0.0/23', ['10.42.0.0/24', '10.42.1.0/24']), /no free/);
});

test('addresses within a CIDR and overlap', () => {
  assert.equal(nthAddress('10.43.0.0/16', 1), '10.43.0.1');
  assert.equal(nthAddress('10.43.0.0/16', 10), '10.43.0.10');
  assert.throws(() => nthAddress('10.43.0.0/30', 4), InvalidCidrError);
  assert.equal(cidrsOverlap(parseCidr('10.42.0.0/16'), parseCidr('10.42.3.0/24')), true);
  assert.equal(cidrsOverlap(parseCidr('10.42.0.0/16'), parseCidr('10.43.0.0/16')), false);
});

test('validates --cluster-cidr with --service-cidr', () => {
  const { cluster, service } = validateClusterCidrs('10.42.0.0/16', '10.43.0.0/16');
  assert.equal(formatCidr(cluster), '10.42.0.0/16');
  assert.equal(formatCidr(service), '10.43.0.0/16');
  assert.throws(() => validateClusterCidrs('10.42.0.0/16', '10.42.128.0/20'), /overlap/);
  assert.throws(() => validateClusterCidrs('10.42.0.0/16', '10.0.0.0/8'), /too large/);
  assert.throws(() => validateClusterCidrs('10.42.0.0/16', '10.43.0.0/30'), /too small/);
  assert.throws(() => validateClusterCidrs('10.42.0.0/28', '10.43.0.0/16'), /node mask size/);
  assert.throws(() => validateClusterCidrs('10.42.0.1/16', '10.43.0.0/16'), /host bits/);
});
