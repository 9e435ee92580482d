import type { LogRecord, LogsBatch } from '../model/logs.js';
import type { Scope, Span, TracesBatch, TypedAttributes } from '../model/types.js';

/**
 * Keeps the spans (log records) `keep` says yes to, dropping scopes and resources left empty, as the
 * processors that drop items (filter, probabilistic_sampler) do; returns how many were dropped.
 */
export function keepSpans(batch: TracesBatch, keep: (span: Span, resource: TypedAttributes, scope: Scope) => boolean): number {
  let dropped = 0;
  for (const rs of batch.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      const before = ss.spans.length;
      ss.spans = ss.spans.filter((span) => keep(span, rs.resource, ss.scope));
      dropped += before - ss.spans.length;
    }
    rs.scopeSpans = rs.scopeSpans.filter((ss) => ss.spans.length > 0);
  }
  batch.resourceSpans = batch.resourceSpans.filter((rs) => rs.scopeSpans.length > 0);
  return dropped;
}

export function keepLogRecords(batch: LogsBatch, keep: (record: LogRecord, resource: TypedAttributes, scope: Scope) => boolean): number {
  let dropped = 0;
  for (const rl of batch.resourceLogs) {
    for (const sl of rl.scopeLogs) {
      const before = sl.logRecords.length;
      sl.logRecords = sl.logRecords.filter((record) => keep(record, rl.resource.attributes, sl.scope));
      dropped += before - sl.logRecords.length;
    }
    rl.scopeLogs = rl.scopeLogs.filter((sl) => sl.logRecords.length > 0);
  }
  batch.resourceLogs = batch.resourceLogs.filter((rl) => rl.scopeLogs.length > 0);
  return dropped;
}
