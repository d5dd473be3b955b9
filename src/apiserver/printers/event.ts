// Event tables. Upstream serves core/v1 and events.k8s.io/v1 Events from one
// storage and prints both with printEvent; events.k8s.io objects are mapped
// back to the core field names first.
import type { KubeObject, TablePrinter } from '../types.js';
import { docs } from './descriptions.js';
import { col, nameColumn, nameOf, num, parseTime, rec, since, str, type Json } from './util.js';

/** formatEventSource: `component, host`, falling back to reportingController / reportingInstance. */
function eventSource(source: Json, controller: string, instance: string): string {
  const component = str(source.component) || controller;
  const host = str(source.host) || instance;
  return host === '' ? component : `${component}, ${host}`;
}

interface CoreEventView {
  firstTimestamp: unknown;
  lastTimestamp: unknown;
  eventTime: unknown;
  count: number;
  series?: Json;
  type: string;
  reason: string;
  involvedObject: Json;
  source: Json;
  reportingController: string;
  reportingInstance: string;
  message: string;
}

function present(v: unknown): v is Json {
  return v !== undefined && v !== null && typeof v === 'object';
}

function fromCore(o: KubeObject): CoreEventView {
  return {
    firstTimestamp: o.firstTimestamp,
    lastTimestamp: o.lastTimestamp,
    eventTime: o.eventTime,
    count: num(o.count),
    series: present(o.series) ? o.series : undefined,
    type: str(o.type),
    reason: str(o.reason),
    involvedObject: rec(o.involvedObject),
    source: rec(o.source),
    reportingController: str(o.reportingComponent),
    reportingInstance: str(o.reportingInstance),
    message: str(o.message),
  };
}

function fromEventsV1(o: KubeObject): CoreEventView {
  return {
    firstTimestamp: o.deprecatedFirstTimestamp,
    lastTimestamp: o.deprecatedLastTimestamp,
    eventTime: o.eventTime,
    count: num(o.deprecatedCount),
    series: present(o.series) ? o.series : undefined,
    type: str(o.type),
    reason: str(o.reason),
    involvedObject: rec(o.regarding),
    source: rec(o.deprecatedSource),
    reportingController: str(o.reportingController),
    reportingInstance: str(o.reportingInstance),
    message: str(o.note),
  };
}

function eventCells(o: KubeObject, e: CoreEventView, now: Date): unknown[] {
  const first = parseTime(e.firstTimestamp) === undefined ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  let last = parseTime(e.lastTimestamp) === undefined ? first : since(e.lastTimestamp, now);
  let count = e.count;
  if (e.series) {
    last = since(e.series.lastObservedTime, now);
    count = num(e.series.count);
  } else if (count === 0) {
    count = 1;
  }
  const kind = str(e.involvedObject.kind).toLowerCase();
  const name = str(e.involvedObject.name);
  const target = name !== '' ? `${kind}/${name}` : kind;
  return [
    last, e.type, e.reason, target, str(e.involvedObject.fieldPath),
    eventSource(e.source, e.reportingController, e.reportingInstance), e.message.trim(), first, count, nameOf(o),
  ];
}

const eventColumns = [
  col('Last Seen', 'string', docs['Event.lastTimestamp']),
  col('Type', 'string', docs['Event.type']),
  col('Reason', 'string', docs['Event.reason']),
  col('Object', 'string', docs['Event.involvedObject']),
  col('Subobject', 'string', docs['ObjectReference.fieldPath'], 1),
  col('Source', 'string', docs['Event.source'], 1),
  col('Message', 'string', docs['Event.message']),
  col('First Seen', 'string', docs['Event.firstTimestamp'], 1),
  col('Count', 'string', docs['Event.count'], 1),
  nameColumn(1),
];

export const eventPrinter: TablePrinter = {
  columns: eventColumns,
  cells: (o, now) => eventCells(o, fromCore(o), now),
};

export const eventsV1EventPrinter: TablePrinter = {
  columns: eventColumns,
  cells: (o, now) => eventCells(o, fromEventsV1(o), now),
};
