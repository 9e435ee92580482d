/**
 * How an otel_logs row looks to LogQL, as Loki's own OTLP ingestion lays it out:
 * - stream (index) labels: `service_name` (`unknown_service` when unset) and the resource
 *   attributes Loki promotes by default, dots and other characters turned into `_`;
 * - structured metadata: `detected_level` (from the severity), `severity_text`,
 *   `severity_number`, `trace_id`, `span_id`, `scope_name`, `event_name`, the other resource
 *   attributes and the record's attributes, named the same way.
 * Stream selectors match stream labels; label filters, grouping and `drop` see both.
 * Every expression here is fixed SQL over the row's columns; values only ever travel bound.
 */

// Loki's default `otlp_config` list of resource attributes stored as index labels (service.name aside).
const PROMOTED_RESOURCE_ATTRIBUTES = [
  'cloud.availability_zone',
  'cloud.region',
  'container.name',
  'deployment.environment',
  'deployment.environment.name',
  'k8s.cluster.name',
  'k8s.container.name',
  'k8s.cronjob.name',
  'k8s.daemonset.name',
  'k8s.deployment.name',
  'k8s.job.name',
  'k8s.namespace.name',
  'k8s.pod.name',
  'k8s.replicaset.name',
  'k8s.statefulset.name',
  'service.instance.id',
  'service.namespace',
];

const PROMOTED_LIST = PROMOTED_RESOURCE_ATTRIBUTES.map((k) => `'${k}'`).join(', ');
const sanitized = (map: string) => `mapApply((k, v) -> (replaceRegexpAll(k, '[^A-Za-z0-9_]', '_'), v), ${map})`;

/** The `service_name` label: the ServiceName column, so selectors on it use the table's sort key. */
export const SERVICE_LABEL_SQL = "if(ServiceName = '', 'unknown_service', ServiceName)";

/** Loki's detected_level values from the OTLP severity (number first, else the text). */
export const LEVEL_SQL = `multiIf(
  SeverityNumber BETWEEN 1 AND 4, 'trace', SeverityNumber BETWEEN 5 AND 8, 'debug', SeverityNumber BETWEEN 9 AND 12, 'info',
  SeverityNumber BETWEEN 13 AND 16, 'warn', SeverityNumber BETWEEN 17 AND 20, 'error', SeverityNumber BETWEEN 21 AND 24, 'fatal',
  lowerUTF8(SeverityText) IN ('trace', 'debug', 'info', 'error', 'fatal'), lowerUTF8(SeverityText),
  lowerUTF8(SeverityText) IN ('warn', 'warning'), 'warn', lowerUTF8(SeverityText) = 'critical', 'fatal', 'unknown')`;

/** The promoted resource attributes a row has (its stream identity, with ServiceName; no renaming). */
export const PROMOTED_ATTRIBUTES_SQL = `mapFilter((k, v) -> k IN (${PROMOTED_LIST}) AND v != '', ResourceAttributes)`;

export const STREAM_LABELS_SQL = `mapConcat(map('service_name', ${SERVICE_LABEL_SQL}), ${sanitized(PROMOTED_ATTRIBUTES_SQL)})`;

export const METADATA_SQL = `mapFilter((k, v) -> v != '', mapConcat(
  map('detected_level', ${LEVEL_SQL}, 'severity_text', SeverityText, 'severity_number', if(SeverityNumber = 0, '', toString(SeverityNumber)),
      'trace_id', TraceId, 'span_id', SpanId, 'scope_name', ScopeName, 'event_name', EventName),
  ${sanitized(`mapFilter((k, v) -> k NOT IN (${PROMOTED_LIST}) AND k != 'service.name', ResourceAttributes)`)},
  ${sanitized('LogAttributes')}))`;

/** Every label of a row, stream labels first (a name in both reads as the stream label). */
export const ALL_LABELS_SQL = `mapConcat(${STREAM_LABELS_SQL}, ${METADATA_SQL})`;

/** A label name for an attribute key, as Loki's OTLP ingestion makes it. */
export const sanitize = (key: string) => key.replace(/[^A-Za-z0-9_]/g, '_');

/** Stream label name → the resource attribute it stands for. */
const PROMOTED_BY_LABEL = new Map(PROMOTED_RESOURCE_ATTRIBUTES.map((k) => [sanitize(k), k]));

/** Structured metadata read straight from a column. */
const METADATA_COLUMNS: Record<string, string> = {
  detected_level: LEVEL_SQL,
  severity_text: 'SeverityText',
  severity_number: "if(SeverityNumber = 0, '', toString(SeverityNumber))",
  trace_id: 'TraceId',
  span_id: 'SpanId',
  scope_name: 'ScopeName',
  event_name: 'EventName',
};

/**
 * Attribute keys a label name can stand for: each `_` may have been `_`, `.` or `-` (what
 * attribute keys use); undefined when there are too many to try.
 */
export function keysFor(label: string): string[] | undefined {
  const parts = label.split('_');
  const separators = parts.length - 1 <= 2 ? ['_', '.', '-'] : parts.length - 1 <= 4 ? ['_', '.'] : undefined;
  if (!separators) return undefined;
  let keys = [parts[0]];
  for (const part of parts.slice(1)) keys = keys.flatMap((k) => separators.map((sep) => k + sep + part));
  return keys;
}

type Bound = [type: string, value: unknown];

/**
 * SQL for one label's value ('' when the row has none, as Prometheus matchers treat a missing
 * label), with the values its `{}` placeholders bind. Known labels read their column; others
 * look up the attribute keys the name can stand for, so no row builds its whole label map
 * (which a log-volume query over a million records paid for every row, measured).
 */
export function labelValueSql(name: string, scope: 'stream' | 'all'): { sql: string; values: Bound[] } {
  if (name === 'service_name') return { sql: SERVICE_LABEL_SQL, values: [] };
  const promoted = PROMOTED_BY_LABEL.get(name);
  if (promoted) return { sql: 'ResourceAttributes[{}]', values: [['String', promoted]] };
  if (scope === 'stream') return { sql: "''", values: [] };
  const column = METADATA_COLUMNS[name];
  if (column) return { sql: column, values: [] };
  const keys = keysFor(name);
  if (!keys) return { sql: `(${ALL_LABELS_SQL})[{}]`, values: [['String', name]] };
  // The resource's attributes first, then the record's: the order the label map has them in. Lookups
  // by constant keys: ~8× cheaper than mapping a lambda over the candidate keys (measured).
  const lookups = ['ResourceAttributes', 'LogAttributes'].flatMap((map) => keys.map((key) => ({ map, key })));
  return {
    sql: `multiIf(${lookups.map((l) => `${l.map}[{}] != '', ${l.map}[{}]`).join(', ')}, '')`,
    values: lookups.flatMap((l): Bound[] => [
      ['String', l.key],
      ['String', l.key],
    ]),
  };
}
