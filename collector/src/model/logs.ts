import type { ExtractedMedia } from './media.js';
import type { ResourceInfo, ScopeInfo } from './resource.js';
import type { AttrValue, TypedAttributes, ValueType } from './types.js';

export interface LogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  /** The body's value; `bodyType` is undefined for a string body, as for attributes. */
  body: AttrValue;
  bodyType: ValueType | undefined;
  attributes: TypedAttributes;
  flags: number;
  /** Lower-case hex, '' when the record is not tied to a span. */
  traceId: string;
  spanId: string;
  /** OTLP `event_name`, else the older `event.name` attribute, else ''. */
  eventName: string;
}

export interface ScopeLogs {
  scope: ScopeInfo;
  logRecords: LogRecord[];
}

export interface ResourceLogs {
  resource: ResourceInfo;
  scopeLogs: ScopeLogs[];
}

export interface LogsBatch {
  projectId: string;
  resourceLogs: ResourceLogs[];
  /** Records dropped while decoding (bad ids …), reported as OTLP partial success. */
  rejectedLogRecords: number;
  rejectionReasons: string[];
  /** Files the media processor took out of the records, by id; stored with the batch. */
  media?: ExtractedMedia[];
}

/** The stage after a logs receiver (cf. the OTel Collector's consumer.Logs). */
export interface LogsConsumer {
  /** Resolves once the batch is durably accepted downstream; rejects with a classified error. */
  consumeLogs(batch: LogsBatch): Promise<void>;
}

/** Calls `fn` with every log record of the batch, in order. */
export function forEachLogRecord(batch: LogsBatch, fn: (record: LogRecord) => void): void {
  for (const rl of batch.resourceLogs) for (const sl of rl.scopeLogs) for (const record of sl.logRecords) fn(record);
}

export function countLogRecords(batch: LogsBatch): number {
  let n = 0;
  for (const rl of batch.resourceLogs) for (const sl of rl.scopeLogs) n += sl.logRecords.length;
  return n;
}
