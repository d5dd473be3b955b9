import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtobufDecodeError } from './errors.js';
import { isProtobufContentType } from './index.js';
import { getMessage, messageForKind, unresolvedReferences } from './registry.js';
import { parseField } from './schema.js';

describe('layout tables', () => {
  it('every message reference resolves to a layout or a native type', () => {
    assert.deepEqual(unresolvedReferences(), []);
  });

  it('parses field entries', () => {
    assert.deepEqual(parseField('4 immutable bool?', 'core'), {
      num: 4, json: 'immutable', inline: false, presence: 'pointer', repeated: false, type: { kind: 'scalar', scalar: 'bool' },
    });
    assert.deepEqual(parseField('2 data map<string,bytes>', 'core'), {
      num: 2, json: 'data', inline: false, presence: 'omitempty', repeated: false, mapKey: 'string', type: { kind: 'scalar', scalar: 'bytes' },
    });
    assert.deepEqual(parseField('2 ... VolumeSource', 'core'), {
      num: 2, json: '...', inline: true, presence: 'omitempty', repeated: false, type: { kind: 'message', ref: 'core.VolumeSource' },
    });
    assert.deepEqual(parseField('1 items []meta.Status!', 'x').type, { kind: 'message', ref: 'meta.Status' });
    assert.throws(() => parseField('x name string', 'core'), ProtobufDecodeError);
  });

  it('knows well-established field numbers', () => {
    const meta = getMessage('meta.ObjectMeta');
    assert.equal(meta.byNum.get(1)?.json, 'name');
    assert.equal(meta.byNum.get(3)?.json, 'namespace');
    assert.equal(meta.byNum.get(11)?.json, 'labels');
    assert.equal(getMessage('core.PodSpec').byNum.get(2)?.json, 'containers');
    assert.equal(getMessage('apps.DeploymentSpec').byNum.get(1)?.presence, 'pointer');
  });

  it('covers the priority kinds', () => {
    const kinds: Array<[string, string]> = [
      ['v1', 'ConfigMap'], ['v1', 'Secret'], ['v1', 'Namespace'], ['v1', 'ServiceAccount'], ['v1', 'Service'],
      ['v1', 'ResourceQuota'], ['v1', 'Pod'], ['v1', 'Node'], ['v1', 'Event'], ['v1', 'PersistentVolume'],
      ['v1', 'PersistentVolumeClaim'], ['v1', 'Endpoints'], ['v1', 'LimitRange'], ['v1', 'PodTemplate'],
      ['v1', 'ReplicationController'], ['v1', 'Binding'], ['apps/v1', 'Deployment'], ['apps/v1', 'ReplicaSet'],
      ['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'ControllerRevision'], ['batch/v1', 'Job'],
      ['batch/v1', 'CronJob'], ['rbac.authorization.k8s.io/v1', 'Role'], ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
      ['rbac.authorization.k8s.io/v1', 'RoleBinding'], ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
      ['policy/v1', 'PodDisruptionBudget'], ['policy/v1', 'Eviction'], ['networking.k8s.io/v1', 'Ingress'],
      ['networking.k8s.io/v1', 'IngressClass'], ['networking.k8s.io/v1', 'NetworkPolicy'],
      ['coordination.k8s.io/v1', 'Lease'], ['discovery.k8s.io/v1', 'EndpointSlice'], ['storage.k8s.io/v1', 'StorageClass'],
      ['events.k8s.io/v1', 'Event'], ['autoscaling/v1', 'Scale'], ['autoscaling/v1', 'HorizontalPodAutoscaler'],
      ['authentication.k8s.io/v1', 'TokenRequest'], ['authentication.k8s.io/v1', 'TokenReview'],
      ['authorization.k8s.io/v1', 'SelfSubjectAccessReview'], ['authorization.k8s.io/v1', 'SubjectAccessReview'],
      ['scheduling.k8s.io/v1', 'PriorityClass'], ['v1', 'DeleteOptions'], ['meta.k8s.io/v1', 'DeleteOptions'],
    ];
    for (const [gv, kind] of kinds) assert.ok(messageForKind(gv, kind), `${gv} ${kind}`);
    assert.equal(messageForKind('events.k8s.io/v1', 'Event').name, 'events.Event');
    assert.equal(messageForKind('batch/v1', 'DeleteOptions').name, 'meta.DeleteOptions');
  });

  it('refuses unknown kinds and group versions', () => {
    assert.throws(() => messageForKind('v1', 'Nope'), ProtobufDecodeError);
    assert.throws(() => messageForKind('apps/v2', 'Deployment'), ProtobufDecodeError);
    assert.throws(() => messageForKind('', ''), ProtobufDecodeError);
  });
});

describe('isProtobufContentType', () => {
  it('matches the Kubernetes protobuf media type with any parameters', () => {
    assert.equal(isProtobufContentType('application/vnd.kubernetes.protobuf'), true);
    assert.equal(isProtobufContentType('Application/VND.kubernetes.protobuf; charset=utf-8'), true);
    assert.equal(isProtobufContentType('application/json'), false);
    assert.equal(isProtobufContentType('application/vnd.kubernetes.protobuf+json'), false);
    assert.equal(isProtobufContentType(undefined), false);
  });
});
