import type { LogRecord, LogsBatch } from '../model/logs.js';
import type { ResourceInfo, ScopeInfo } from '../model/resource.js';
import { LOGS_METRICS_TABLES } from './migrations/002-logs-metrics.js';
import { nanosToDateTime64 } from './trace-rows.js';
import { stringifyAttributes, valueToString } from './values.js';

/** One otel_logs row in JSONEachRow shape. */
export type LogRow = Record<string, unknown>;

/** Resource/scope columns computed once per group and shared by every row in it. */
interface GroupColumns {
  serviceName: string;
  resource: Record<string, string>;
  scope: Record<string, string>;
  types: Record<string, string>;
}

export function serviceNameOf(resource: ResourceInfo): string {
  const v = resource.attributes.values['service.name'];
  return typeof v === 'string' ? v : '';
}

export function logRows(batch: LogsBatch): LogRow[] {
  const rows: LogRow[] = [];
  for (const rl of batch.resourceLogs) {
    const resourceTypes: Record<string, string> = {};
    const resource = stringifyAttributes(rl.resource.attributes, 'r.', resourceTypes);
    const serviceName = serviceNameOf(rl.resource);
    for (const sl of rl.scopeLogs) {
      const types = { ...resourceTypes };
      const group: GroupColumns = { serviceName, resource, scope: stringifyAttributes(sl.scope.attributes, 'sc.', types), types };
      for (const record of sl.logRecords) rows.push(logRow(record, batch.projectId, rl.resource, sl.scope, group));
    }
  }
  return rows;
}

/** Rows per destination table, the shape the ClickHouse exporter writes. */
export function logTableRows(batch: LogsBatch): { table: string; rows: LogRow[] }[] {
  return [{ table: LOGS_METRICS_TABLES.logs, rows: logRows(batch) }];
}

function logRow(l: LogRecord, projectId: string, resource: ResourceInfo, scope: ScopeInfo, g: GroupColumns): LogRow {
  const types: Record<string, string> = { ...g.types };
  const logAttributes = stringifyAttributes(l.attributes, 'l.', types);
  // A structured body is stored as JSON (as the contrib exporter's AsString does); its type says how to read it back.
  if (l.bodyType !== undefined) types.body = l.bodyType;
  return {
    // The spec: when the event time is unknown, the observed time stands in.
    Timestamp: nanosToDateTime64(l.timeUnixNano !== '0' ? l.timeUnixNano : l.observedTimeUnixNano),
    TraceId: l.traceId,
    SpanId: l.spanId,
    TraceFlags: l.flags & 0xff,
    SeverityText: l.severityText,
    SeverityNumber: l.severityNumber,
    ServiceName: g.serviceName,
    Body: valueToString(l.body, l.bodyType),
    ResourceSchemaUrl: resource.schemaUrl,
    ResourceAttributes: g.resource,
    ScopeSchemaUrl: scope.schemaUrl,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    ScopeAttributes: g.scope,
    LogAttributes: logAttributes,
    EventName: l.eventName,
    ProjectId: projectId,
    AttributeTypes: types,
  };
}
