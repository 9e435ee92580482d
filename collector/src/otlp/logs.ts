import type { LogRecord, LogsBatch, ScopeLogs } from '../model/logs.js';
import { readAnyValue, readKeyValues } from './any-value.js';
import { boundedInt, optionalIdsProblem, Rejections, timestampProblem, walkEnvelope } from './envelope.js';
import type { LeafReader } from './leaf-readers.js';

const MAX_SEVERITY = 24;
const MAX_FLAGS = 0xffffffff;

/** Walks an ExportLogsServiceRequest (protobuf-decoded or JSON) into the internal model. */
export function readLogsRequest(msg: unknown, r: LeafReader, projectId: string): LogsBatch {
  const rejections = new Rejections();
  const groups = walkEnvelope(msg, r, { resources: 'resourceLogs', scopes: 'scopeLogs' }, (scope, raw, path): ScopeLogs => {
    const logRecords: LogRecord[] = [];
    const list = r.list(raw.logRecords, `${path}.logRecords`);
    for (let k = 0; k < list.length; k++) {
      const recordPath = `${path}.logRecords[${k}]`;
      const record = readLogRecord(list[k], r, recordPath);
      const problem =
        optionalIdsProblem(record.traceId, record.spanId) ??
        timestampProblem('timeUnixNano', record.timeUnixNano) ??
        timestampProblem('observedTimeUnixNano', record.observedTimeUnixNano);
      if (problem === undefined) logRecords.push(record);
      else rejections.add(recordPath, problem);
    }
    return { scope, logRecords };
  });
  return {
    projectId,
    resourceLogs: groups.map((g) => ({ resource: g.resource, scopeLogs: g.scopes })),
    rejectedLogRecords: rejections.count,
    rejectionReasons: rejections.reasons,
  };
}

function readLogRecord(raw: unknown, r: LeafReader, path: string): LogRecord {
  const l = r.obj(raw, path) ?? {};
  const body = readAnyValue(l.body, r, `${path}.body`);
  const attributes = readKeyValues(l.attributes, r, `${path}.attributes`);
  const eventName = r.str(l.eventName, `${path}.eventName`);
  const legacyEventName = attributes.values['event.name'];
  return {
    timeUnixNano: r.u64(l.timeUnixNano, `${path}.timeUnixNano`),
    observedTimeUnixNano: r.u64(l.observedTimeUnixNano, `${path}.observedTimeUnixNano`),
    severityNumber: boundedInt(r.num(l.severityNumber, `${path}.severityNumber`), MAX_SEVERITY),
    severityText: r.str(l.severityText, `${path}.severityText`),
    // An absent body is "no body", not an empty value worth a type entry.
    body: l.body == null ? '' : body.value,
    bodyType: l.body == null ? undefined : body.type,
    attributes,
    flags: boundedInt(r.num(l.flags, `${path}.flags`), MAX_FLAGS),
    traceId: zeroIdToEmpty(r.id(l.traceId, `${path}.traceId`)),
    spanId: zeroIdToEmpty(r.id(l.spanId, `${path}.spanId`)),
    eventName: eventName !== '' ? eventName : typeof legacyEventName === 'string' ? legacyEventName : '',
  };
}

// Some SDKs send all-zero ids for "no span"; the contrib exporter stores those as ''.
function zeroIdToEmpty(id: string): string {
  return /^0+$/.test(id) ? '' : id;
}
