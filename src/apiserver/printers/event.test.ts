import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventPrinter, eventsV1EventPrinter } from './event.js';
import { ago, headers, M, NOW, S } from './testutil.js';

test('event columns: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME', () => {
  assert.deepEqual(headers(eventPrinter.columns), {
    normal: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    wide: ['SUBOBJECT', 'SOURCE', 'FIRST SEEN', 'COUNT', 'NAME'],
  });
  assert.equal(eventPrinter.columns[9].format, 'name');
  assert.deepEqual(eventsV1EventPrinter.columns, eventPrinter.columns);
});

test('core event with counts and source', () => {
  const ev = {
    metadata: { name: 'web-0.17a', namespace: 'default', creationTimestamp: ago(10 * M) },
    involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'default', fieldPath: 'spec.containers{app}' },
    reason: 'BackOff', message: 'Back-off restarting failed container\n', type: 'Warning',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: ago(10 * M), lastTimestamp: ago(30 * S), count: 7,
  };
  assert.deepEqual(eventPrinter.cells(ev, NOW), [
    '30s', 'Warning', 'BackOff', 'pod/web-0', 'spec.containers{app}', 'kubelet, node-1', 'Back-off restarting failed container', '10m', 7, 'web-0.17a',
  ]);
});

test('new-style events: eventTime, series, reporting controller, count defaults to 1', () => {
  const single = {
    metadata: { name: 'e1' }, involvedObject: { kind: 'Node' }, reason: 'Starting', message: 'Starting kubelet.', type: 'Normal',
    eventTime: '2024-05-01T11:58:00.123456Z', reportingComponent: 'kubelet', reportingInstance: 'node-1', source: {},
  };
  assert.deepEqual(eventPrinter.cells(single, NOW), ['119s', 'Normal', 'Starting', 'node', '', 'kubelet, node-1', 'Starting kubelet.', '119s', 1, 'e1']);
  const series = { ...single, series: { count: 5, lastObservedTime: ago(3 * S) } };
  const c = eventPrinter.cells(series, NOW);
  // LAST SEEN and COUNT come from the series; FIRST SEEN from eventTime.
  assert.deepEqual([c[0], c[7], c[8]], ['3s', '119s', 5]);
});

test('events.k8s.io/v1 events print from regarding/note/deprecated fields', () => {
  const ev = {
    apiVersion: 'events.k8s.io/v1', kind: 'Event',
    metadata: { name: 'web.1', namespace: 'default' },
    regarding: { kind: 'Deployment', name: 'web' }, note: 'Scaled up replica set web-abc to 3', reason: 'ScalingReplicaSet', type: 'Normal',
    reportingController: 'deployment-controller', reportingInstance: '', eventTime: null,
    deprecatedSource: { component: 'deployment-controller' }, deprecatedFirstTimestamp: ago(2 * M), deprecatedLastTimestamp: ago(M), deprecatedCount: 2,
  };
  assert.deepEqual(eventsV1EventPrinter.cells(ev, NOW), [
    '60s', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller', 'Scaled up replica set web-abc to 3', '2m', 2, 'web.1',
  ]);
});
