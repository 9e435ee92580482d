import type { LogRecord, LogsBatch } from '../model/logs.js';
import type { Metric, MetricsBatch } from '../model/metrics.js';
import type { Scope, Span, SpanEvent, TracesBatch, TypedAttributes } from '../model/types.js';
import { valueToString } from '../storage/values.js';
import { compileCondition, OttlError, type Condition, type OttlContext } from './ottl.js';

/**
 * The contrib `filter` processor with OTTL conditions: a span, span event, log record, metric or
 * data point for which any condition of its context holds is dropped (the conditions are ORed).
 * What is left empty (a metric without points, a scope or resource without items) goes too.
 */
export interface FilterConditions {
  span?: string[];
  spanevent?: string[];
  log_record?: string[];
  metric?: string[];
  datapoint?: string[];
}

interface Group {
  resource: TypedAttributes;
  scope: Scope;
}
interface SpanItem extends Group {
  span: Span;
}
interface EventItem extends SpanItem {
  event: SpanEvent;
}
interface LogItem extends Group {
  record: LogRecord;
}
interface MetricItem extends Group {
  metric: Metric;
}
interface PointItem extends MetricItem {
  point: Metric['data']['points'][number];
}

const METRIC_TYPES: Record<Metric['data']['kind'], number> = { gauge: 1, sum: 2, histogram: 3, exponentialHistogram: 4, summary: 5 };

/** Paths every context has: the resource and the instrumentation scope. */
function groupPaths<T extends Group>() {
  return {
    paths: { 'instrumentation_scope.name': (i: T) => i.scope.name, 'instrumentation_scope.version': (i: T) => i.scope.version },
    keyed: { 'resource.attributes': (i: T) => i.resource.values, 'instrumentation_scope.attributes': (i: T) => i.scope.attributes.values },
  };
}

function spanPaths<T extends SpanItem>(prefix: string) {
  return {
    [`${prefix}name`]: (i: T) => i.span.name,
    [`${prefix}kind`]: (i: T) => i.span.kind,
    [`${prefix}status.code`]: (i: T) => i.span.statusCode,
    [`${prefix}status.message`]: (i: T) => i.span.statusMessage,
    [`${prefix}trace_id.string`]: (i: T) => i.span.traceId,
    [`${prefix}span_id.string`]: (i: T) => i.span.spanId,
    [`${prefix}parent_span_id.string`]: (i: T) => i.span.parentSpanId,
    [`${prefix}trace_state`]: (i: T) => i.span.traceState,
    [`${prefix}start_time_unix_nano`]: (i: T) => Number(i.span.startTimeUnixNano),
    [`${prefix}end_time_unix_nano`]: (i: T) => Number(i.span.endTimeUnixNano),
  };
}

function metricPaths<T extends MetricItem>(prefix: string) {
  return {
    [`${prefix}name`]: (i: T) => i.metric.name,
    [`${prefix}description`]: (i: T) => i.metric.description,
    [`${prefix}unit`]: (i: T) => i.metric.unit,
    [`${prefix}type`]: (i: T) => METRIC_TYPES[i.metric.data.kind],
    [`${prefix}aggregation_temporality`]: (i: T) => ('temporality' in i.metric.data ? i.metric.data.temporality : 0),
    [`${prefix}is_monotonic`]: (i: T) => ('isMonotonic' in i.metric.data ? i.metric.data.isMonotonic : false),
  };
}

export const CONTEXTS = {
  span: {
    name: 'span',
    paths: { ...groupPaths<SpanItem>().paths, ...spanPaths<SpanItem>('') },
    keyed: { ...groupPaths<SpanItem>().keyed, attributes: (i) => i.span.attributes.values },
  } satisfies OttlContext<SpanItem>,
  spanevent: {
    name: 'spanevent',
    paths: { ...groupPaths<EventItem>().paths, ...spanPaths<EventItem>('span.'), name: (i) => i.event.name, time_unix_nano: (i) => Number(i.event.timeUnixNano) },
    keyed: { ...groupPaths<EventItem>().keyed, attributes: (i) => i.event.attributes.values, 'span.attributes': (i) => i.span.attributes.values },
  } satisfies OttlContext<EventItem>,
  log_record: {
    name: 'log_record',
    paths: {
      ...groupPaths<LogItem>().paths,
      'body.string': (i) => valueToString(i.record.body, i.record.bodyType),
      severity_number: (i) => i.record.severityNumber,
      severity_text: (i) => i.record.severityText,
      event_name: (i) => i.record.eventName,
      'trace_id.string': (i) => i.record.traceId,
      'span_id.string': (i) => i.record.spanId,
      flags: (i) => i.record.flags,
      time_unix_nano: (i) => Number(i.record.timeUnixNano),
      observed_time_unix_nano: (i) => Number(i.record.observedTimeUnixNano),
    },
    keyed: { ...groupPaths<LogItem>().keyed, attributes: (i) => i.record.attributes.values, body: (i) => i.record.body },
  } satisfies OttlContext<LogItem>,
  metric: {
    name: 'metric',
    paths: { ...groupPaths<MetricItem>().paths, ...metricPaths<MetricItem>('') },
    keyed: groupPaths<MetricItem>().keyed,
  } satisfies OttlContext<MetricItem>,
  datapoint: {
    name: 'datapoint',
    paths: {
      ...groupPaths<PointItem>().paths,
      ...metricPaths<PointItem>('metric.'),
      value_int: (i) => ('value' in i.point && Number.isInteger(i.point.value) ? i.point.value : undefined),
      value_double: (i) => ('value' in i.point ? i.point.value : undefined),
      count: (i) => ('count' in i.point ? Number(i.point.count) : undefined),
      sum: (i) => ('sum' in i.point ? i.point.sum : undefined),
      time_unix_nano: (i) => Number(i.point.timeUnixNano),
      start_time_unix_nano: (i) => Number(i.point.startTimeUnixNano),
    },
    keyed: { ...groupPaths<PointItem>().keyed, attributes: (i) => i.point.attributes.values },
  } satisfies OttlContext<PointItem>,
};

export type ContextName = keyof typeof CONTEXTS;

/** Any of the conditions, compiled; throws an Error with a line per bad condition (`path[i]: problem in "…"`). */
function anyOf<T>(conditions: string[] | undefined, context: OttlContext<T>, path: string): Condition<T> | undefined {
  if (!conditions?.length) return undefined;
  const errors: string[] = [];
  const compiled = conditions.map((c, i): Condition<T> => {
    if (typeof c !== 'string') {
      errors.push(`${path}[${i}]: expected a condition string, got ${JSON.stringify(c)}`);
      return () => false;
    }
    try {
      return compileCondition(c, context);
    } catch (err) {
      if (!(err instanceof OttlError)) throw err;
      errors.push(`${path}[${i}]: ${err.message} in ${JSON.stringify(c)}`);
      return () => false;
    }
  });
  if (errors.length) throw new Error(errors.join('\n'));
  return (item) => compiled.some((c) => c(item));
}

export function createFilterProcessor(
  config: { traces?: FilterConditions; logs?: FilterConditions; metrics?: FilterConditions },
  path: string,
  onDropped?: (signal: 'traces' | 'logs' | 'metrics', items: number) => void,
) {
  const dropSpan = anyOf(config.traces?.span, CONTEXTS.span, `${path}.traces.span`);
  const dropEvent = anyOf(config.traces?.spanevent, CONTEXTS.spanevent, `${path}.traces.spanevent`);
  const dropRecord = anyOf(config.logs?.log_record, CONTEXTS.log_record, `${path}.logs.log_record`);
  const dropMetric = anyOf(config.metrics?.metric, CONTEXTS.metric, `${path}.metrics.metric`);
  const dropPoint = anyOf(config.metrics?.datapoint, CONTEXTS.datapoint, `${path}.metrics.datapoint`);

  return {
    processTraces(batch: TracesBatch): TracesBatch {
      if (!dropSpan && !dropEvent) return batch;
      let dropped = 0;
      for (const rs of batch.resourceSpans) {
        for (const ss of rs.scopeSpans) {
          const group = { resource: rs.resource, scope: ss.scope };
          const before = ss.spans.length;
          if (dropSpan) ss.spans = ss.spans.filter((span) => !dropSpan({ ...group, span }));
          dropped += before - ss.spans.length;
          if (dropEvent) for (const span of ss.spans) span.events = span.events.filter((event) => !dropEvent({ ...group, span, event }));
        }
        rs.scopeSpans = rs.scopeSpans.filter((ss) => ss.spans.length > 0);
      }
      batch.resourceSpans = batch.resourceSpans.filter((rs) => rs.scopeSpans.length > 0);
      if (dropped) onDropped?.('traces', dropped);
      return batch;
    },
    processLogs(batch: LogsBatch): LogsBatch {
      if (!dropRecord) return batch;
      let dropped = 0;
      for (const rl of batch.resourceLogs) {
        for (const sl of rl.scopeLogs) {
          const before = sl.logRecords.length;
          sl.logRecords = sl.logRecords.filter((record) => !dropRecord({ resource: rl.resource.attributes, scope: sl.scope, record }));
          dropped += before - sl.logRecords.length;
        }
        rl.scopeLogs = rl.scopeLogs.filter((sl) => sl.logRecords.length > 0);
      }
      batch.resourceLogs = batch.resourceLogs.filter((rl) => rl.scopeLogs.length > 0);
      if (dropped) onDropped?.('logs', dropped);
      return batch;
    },
    processMetrics(batch: MetricsBatch): MetricsBatch {
      if (!dropMetric && !dropPoint) return batch;
      let dropped = 0;
      for (const rm of batch.resourceMetrics) {
        for (const sm of rm.scopeMetrics) {
          const group = { resource: rm.resource.attributes, scope: sm.scope };
          sm.metrics = sm.metrics.filter((metric) => {
            const points = metric.data.points.length;
            if (dropMetric?.({ ...group, metric })) {
              dropped += points;
              return false;
            }
            if (dropPoint) (metric.data as { points: unknown[] }).points = (metric.data.points as PointItem['point'][]).filter((point) => !dropPoint({ ...group, metric, point }));
            dropped += points - metric.data.points.length;
            return metric.data.points.length > 0;
          });
        }
        rm.scopeMetrics = rm.scopeMetrics.filter((sm) => sm.metrics.length > 0);
      }
      batch.resourceMetrics = batch.resourceMetrics.filter((rm) => rm.scopeMetrics.length > 0);
      if (dropped) onDropped?.('metrics', dropped);
      return batch;
    },
  };
}
