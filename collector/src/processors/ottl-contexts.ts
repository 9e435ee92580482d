import type { LogRecord } from '../model/logs.js';
import type { Metric, NumberPoint } from '../model/metrics.js';
import type { Scope, Span, SpanEvent, TypedAttributes } from '../model/types.js';
import { valueToString } from '../storage/values.js';
import { asDouble, OttlError, pathHeads, type OttlContext, type Value } from './ottl.js';
import { typeOf, type StatementContext } from './ottl-statements.js';

/**
 * The OTTL contexts (span, spanevent, log record, metric, data point, resource, scope): the paths
 * conditions read, and the attribute maps and plain paths statements may write.
 */
export interface Group {
  resource: TypedAttributes;
  scope: Scope;
}
export interface SpanItem extends Group {
  span: Span;
}
export interface EventItem extends SpanItem {
  event: SpanEvent;
}
export interface LogItem extends Group {
  record: LogRecord;
}
export interface MetricItem extends Group {
  metric: Metric;
}
export interface PointItem extends MetricItem {
  point: Metric['data']['points'][number];
}

const isNumberPoint = (p: PointItem['point']): p is NumberPoint => 'value' in p;

const METRIC_TYPES: Record<Metric['data']['kind'], number> = { gauge: 1, sum: 2, histogram: 3, exponentialHistogram: 4, summary: 5 };

/** A context's maps are also its keyed paths (`attributes["k"]` reads the map `attributes`). */
function context<T>(
  name: string,
  paths: Record<string, (item: T) => Value>,
  maps: Record<string, (item: T) => TypedAttributes>,
  setters: StatementContext<T>['setters'] = {},
  keyed: OttlContext<T>['keyed'] = {},
): StatementContext<T> {
  const fromMaps = Object.fromEntries(Object.entries(maps).map(([k, get]) => [k, (i: T) => get(i).values]));
  return { name, paths, maps, setters, keyed: { ...fromMaps, ...keyed }, prefixes: PREFIXES[name as ContextName] };
}

/** The path prefixes naming each context, as contrib 0.120+ configs write paths (`span.name`, `log.body`, `datapoint.attributes`). */
const PREFIXES: Record<string, string[]> = {
  span: ['span'],
  spanevent: ['spanevent'],
  log_record: ['log'],
  metric: ['metric'],
  datapoint: ['datapoint'],
  resource: ['resource'],
  scope: ['scope', 'instrumentation_scope'],
};

/** Paths every context has: the resource and the instrumentation scope. */
const groupPaths = <T extends Group>() => ({ 'instrumentation_scope.name': (i: T) => i.scope.name, 'instrumentation_scope.version': (i: T) => i.scope.version });
const groupMaps = <T extends Group>() => ({ 'resource.attributes': (i: T) => i.resource, 'instrumentation_scope.attributes': (i: T) => i.scope.attributes });

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

/** Writers of plain paths: a value of the wrong type is left unwritten (as OTTL's setters ignore it). */
const text = <T>(write: (item: T, v: string) => void) => (item: T, v: Value) => void (typeof v === 'string' && write(item, v));
const int = <T>(min: number, max: number, write: (item: T, v: number) => void) => (item: T, v: Value) =>
  void (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max && write(item, v));

export const CONTEXTS = {
  span: context<SpanItem>(
    'span',
    { ...groupPaths<SpanItem>(), ...spanPaths<SpanItem>('') },
    { ...groupMaps<SpanItem>(), attributes: (i) => i.span.attributes },
    {
      name: text((i, v) => (i.span.name = v)),
      'status.code': int(0, 2, (i, v) => (i.span.statusCode = v)),
      'status.message': text((i, v) => (i.span.statusMessage = v)),
    },
  ),
  spanevent: context<EventItem>(
    'spanevent',
    { ...groupPaths<EventItem>(), ...spanPaths<EventItem>('span.'), name: (i) => i.event.name, time_unix_nano: (i) => Number(i.event.timeUnixNano) },
    { ...groupMaps<EventItem>(), attributes: (i) => i.event.attributes, 'span.attributes': (i) => i.span.attributes },
    { name: text((i, v) => (i.event.name = v)) },
  ),
  log_record: context<LogItem>(
    'log_record',
    {
      ...groupPaths<LogItem>(),
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
    { ...groupMaps<LogItem>(), attributes: (i) => i.record.attributes },
    {
      body: (i, v) => {
        if (v === undefined) return;
        i.record.body = v;
        i.record.bodyType = typeOf(v);
      },
      severity_text: text((i, v) => (i.record.severityText = v)),
      severity_number: int(0, 24, (i, v) => (i.record.severityNumber = v)),
    },
    { body: (i) => i.record.body },
  ),
  metric: context<MetricItem>(
    'metric',
    { ...groupPaths<MetricItem>(), ...metricPaths<MetricItem>('') },
    groupMaps<MetricItem>(),
    { name: text((i, v) => (i.metric.name = v)), description: text((i, v) => (i.metric.description = v)), unit: text((i, v) => (i.metric.unit = v)) },
  ),
  datapoint: context<PointItem>(
    'datapoint',
    {
      ...groupPaths<PointItem>(),
      ...metricPaths<PointItem>('metric.'),
      // As pdata reads a number point: the value of its own type, 0 for the other (an as_int counter's value_double is 0).
      value_int: (i) => (isNumberPoint(i.point) ? (i.point.intValue === undefined ? 0 : Number(i.point.intValue)) : undefined),
      value_double: asDouble((i: PointItem) => (isNumberPoint(i.point) ? (i.point.intValue === undefined ? i.point.value : 0) : undefined)),
      count: (i) => ('count' in i.point ? Number(i.point.count) : undefined),
      sum: asDouble((i: PointItem) => ('sum' in i.point ? i.point.sum : undefined)),
      time_unix_nano: (i) => Number(i.point.timeUnixNano),
      start_time_unix_nano: (i) => Number(i.point.startTimeUnixNano),
    },
    { ...groupMaps<PointItem>(), attributes: (i) => i.point.attributes },
    {
      // Setting one makes the point that type, as pdata's setters do (`set(datapoint.value_double, datapoint.value_int / 1000)`).
      value_int: int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, (i, v) => {
        if (isNumberPoint(i.point)) Object.assign(i.point, { value: v, intValue: v });
      }),
      value_double: (i, v) => {
        if (isNumberPoint(i.point) && typeof v === 'number') {
          i.point.value = v;
          delete i.point.intValue;
        }
      },
    },
  ),
  resource: context<Group>('resource', {}, { attributes: (i) => i.resource }),
  scope: context<Group>(
    'scope',
    { name: (i) => i.scope.name, version: (i) => i.scope.version },
    { attributes: (i) => i.scope.attributes, 'resource.attributes': (i) => i.resource },
    { name: text((i, v) => (i.scope.name = v)), version: text((i, v) => (i.scope.version = v)) },
  ),
};

export type ContextName = keyof typeof CONTEXTS;
export type Signal = 'traces' | 'logs' | 'metrics';

/** Each signal's contexts, the outermost first. */
export const SIGNAL_CONTEXTS: Record<Signal, ContextName[]> = {
  traces: ['resource', 'scope', 'span', 'spanevent'],
  logs: ['resource', 'scope', 'log_record'],
  metrics: ['resource', 'scope', 'metric', 'datapoint'],
};

/**
 * The context a statement or condition (or a group of them) runs in, from its paths' prefixes,
 * as the contrib processors infer it: the innermost context a prefix names (`set(span.name, …)
 * where resource.attributes[…]` runs per span). Throws an OttlError naming what is missing.
 */
export function inferContext(sources: string[], signal: Signal): ContextName {
  const contexts = SIGNAL_CONTEXTS[signal];
  const prefixes = contexts.flatMap((c) => PREFIXES[c].map((p) => `${p}.`));
  let innermost = -1;
  for (const src of sources) {
    for (const head of pathHeads(src)) {
      const level = contexts.findIndex((c) => PREFIXES[c].includes(head));
      if (level < 0) {
        if (Object.values(PREFIXES).some((list) => list.includes(head))) throw new OttlError(`paths starting "${head}." do not belong to ${signal} (prefixes here: ${prefixes.join(', ')})`);
        continue;
      }
      innermost = Math.max(innermost, level);
    }
  }
  if (innermost < 0) throw new OttlError(`cannot tell the context: prefix the paths with it (${prefixes.join(', ')}), e.g. ${EXAMPLES[signal]}`);
  return contexts[innermost];
}

const EXAMPLES: Record<Signal, string> = { traces: 'span.attributes["k"]', logs: 'log.body', metrics: 'metric.name' };
