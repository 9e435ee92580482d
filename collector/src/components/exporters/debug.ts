/**
 * `debug`: prints what a pipeline carries (the contrib exporter's keys): `verbosity: basic` a line
 * per batch with its counts, `normal` a line per span / log record / metric, `detailed` every
 * field and attribute. `sampling_initial` batches a second are printed, then every
 * `sampling_thereafter`-th, so a busy pipeline does not drown its output.
 */
import { countLogRecords, type LogsBatch } from '../../model/logs.js';
import { countDataPoints, type MetricsBatch } from '../../model/metrics.js';
import { countSpans, SPAN_KINDS, STATUS_CODES, type AttrValue, type TracesBatch, type TypedAttributes } from '../../model/types.js';
import { positiveInt } from '../../config/validate.js';
import type { Consumers, ExporterFactory, Signal } from '../types.js';

export interface DebugExporterConfig {
  verbosity: 'basic' | 'normal' | 'detailed';
  sampling_initial: number;
  sampling_thereafter: number;
}

const VERBOSITIES = ['basic', 'normal', 'detailed'] as const;
type Verbosity = DebugExporterConfig['verbosity'];

/** A value as the contrib exporter prints it: its type, then the value. */
function show(v: AttrValue, type: string | undefined): string {
  switch (type) {
    case undefined:
      return typeof v === 'string' ? `Str(${v})` : `Str(${JSON.stringify(v)})`;
    case 'int':
      return `Int(${String(v)})`;
    case 'double':
      return `Double(${String(v)})`;
    case 'bool':
      return `Bool(${String(v)})`;
    case 'bytes':
      return `Bytes(${String(v)})`;
    case 'array':
      return `Slice(${JSON.stringify(v)})`;
    case 'kvlist':
      return `Map(${JSON.stringify(v)})`;
    default:
      return 'Empty()';
  }
}

function attributeLines(a: TypedAttributes, indent: string): string[] {
  return Object.keys(a.values).map((k) => `${indent}-> ${k}: ${show(a.values[k], a.types?.[k])}`);
}

const nanosToIso = (ns: string) => {
  if (!ns || ns === '0') return '1970-01-01 00:00:00 +0000 UTC';
  const big = BigInt(ns);
  return `${new Date(Number(big / 1_000_000n)).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')}.${(big % 1_000_000_000n).toString().padStart(9, '0')} +0000 UTC`;
};
const kindName = (k: number) => (SPAN_KINDS[k] ?? 'SPAN_KIND_UNSPECIFIED').replace('SPAN_KIND_', '');
const statusName = (c: number) => (STATUS_CODES[c] ?? 'STATUS_CODE_UNSET').replace('STATUS_CODE_', '');

export function describeTraces(b: TracesBatch, verbosity: Verbosity): string[] {
  const lines = [`Traces {"project": "${b.projectId}", "resource spans": ${b.resourceSpans.length}, "spans": ${countSpans(b)}}`];
  if (verbosity === 'basic') return lines;
  b.resourceSpans.forEach((rs, r) => {
    if (verbosity === 'detailed') lines.push(`ResourceSpans #${r}`, 'Resource attributes:', ...attributeLines(rs.resource, '     '));
    rs.scopeSpans.forEach((ss, s) => {
      if (verbosity === 'detailed') lines.push(`ScopeSpans #${s}`, `InstrumentationScope ${ss.scope.name} ${ss.scope.version}`.trimEnd(), ...attributeLines(ss.scope.attributes, '     '));
      ss.spans.forEach((span, i) => {
        if (verbosity === 'normal') {
          lines.push(`${span.name} ${span.traceId} ${span.spanId}${span.parentSpanId ? ` parent=${span.parentSpanId}` : ''} ${kindName(span.kind)} ${statusName(span.statusCode)}`);
          return;
        }
        lines.push(
          `Span #${i}`,
          `    Trace ID       : ${span.traceId}`,
          `    Parent ID      : ${span.parentSpanId}`,
          `    ID             : ${span.spanId}`,
          `    Name           : ${span.name}`,
          `    Kind           : ${kindName(span.kind)}`,
          `    Start time     : ${nanosToIso(span.startTimeUnixNano)}`,
          `    End time       : ${nanosToIso(span.endTimeUnixNano)}`,
          `    Status code    : ${statusName(span.statusCode)}`,
          `    Status message : ${span.statusMessage}`,
          'Attributes:',
          ...attributeLines(span.attributes, '     '),
        );
        span.events.forEach((e, j) => lines.push(`SpanEvent #${j}`, `     -> Name: ${e.name}`, `     -> Timestamp: ${nanosToIso(e.timeUnixNano)}`, '     -> Attributes::', ...attributeLines(e.attributes, '          ')));
        span.links.forEach((l, j) => lines.push(`SpanLink #${j}`, `     -> Trace ID: ${l.traceId}`, `     -> ID: ${l.spanId}`, '     -> Attributes::', ...attributeLines(l.attributes, '          ')));
      });
    });
  });
  return lines;
}

export function describeLogs(b: LogsBatch, verbosity: Verbosity): string[] {
  const lines = [`Logs {"project": "${b.projectId}", "resource logs": ${b.resourceLogs.length}, "log records": ${countLogRecords(b)}}`];
  if (verbosity === 'basic') return lines;
  b.resourceLogs.forEach((rl, r) => {
    if (verbosity === 'detailed') lines.push(`ResourceLog #${r}`, 'Resource attributes:', ...attributeLines(rl.resource.attributes, '     '));
    rl.scopeLogs.forEach((sl, s) => {
      if (verbosity === 'detailed') lines.push(`ScopeLogs #${s}`, `InstrumentationScope ${sl.scope.name} ${sl.scope.version}`.trimEnd());
      sl.logRecords.forEach((l, i) => {
        if (verbosity === 'normal') {
          lines.push(`${l.severityText || l.severityNumber} ${typeof l.body === 'string' ? l.body : JSON.stringify(l.body)}${l.traceId ? ` trace=${l.traceId} span=${l.spanId}` : ''}`);
          return;
        }
        lines.push(
          `LogRecord #${i}`,
          `ObservedTimestamp: ${nanosToIso(l.observedTimeUnixNano)}`,
          `Timestamp: ${nanosToIso(l.timeUnixNano)}`,
          `SeverityText: ${l.severityText}`,
          `SeverityNumber: ${l.severityNumber}`,
          `EventName: ${l.eventName}`,
          `Body: ${show(l.body, l.bodyType)}`,
          'Attributes:',
          ...attributeLines(l.attributes, '     '),
          `Trace ID: ${l.traceId}`,
          `Span ID: ${l.spanId}`,
          `Flags: ${l.flags}`,
        );
      });
    });
  });
  return lines;
}

export function describeMetrics(b: MetricsBatch, verbosity: Verbosity): string[] {
  const metrics = b.resourceMetrics.flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics));
  const lines = [`Metrics {"project": "${b.projectId}", "resource metrics": ${b.resourceMetrics.length}, "metrics": ${metrics.length}, "data points": ${countDataPoints(b)}}`];
  if (verbosity === 'basic') return lines;
  b.resourceMetrics.forEach((rm, r) => {
    if (verbosity === 'detailed') lines.push(`ResourceMetrics #${r}`, 'Resource attributes:', ...attributeLines(rm.resource.attributes, '     '));
    for (const sm of rm.scopeMetrics) {
      for (const m of sm.metrics) {
        if (verbosity === 'normal') {
          lines.push(`${m.name} ${m.data.kind} ${m.data.points.length} point${m.data.points.length === 1 ? '' : 's'}`);
          continue;
        }
        lines.push(`Metric #${m.name}`, `     -> Name: ${m.name}`, `     -> Description: ${m.description}`, `     -> Unit: ${m.unit}`, `     -> DataType: ${m.data.kind}`);
        m.data.points.forEach((p, i) => {
          const value = 'value' in p ? `Value: ${p.value}` : `Count: ${p.count}, Sum: ${p.sum ?? ''}`;
          lines.push(`DataPoint #${i}`, 'Data point attributes:', ...attributeLines(p.attributes, '     '), `StartTimestamp: ${nanosToIso(p.startTimeUnixNano)}`, `Timestamp: ${nanosToIso(p.timeUnixNano)}`, value);
        });
      }
    }
  });
  return lines;
}

const DESCRIBE: Record<Signal, (batch: unknown, v: Verbosity) => string[]> = {
  traces: (b, v) => describeTraces(b as TracesBatch, v),
  logs: (b, v) => describeLogs(b as LogsBatch, v),
  metrics: (b, v) => describeMetrics(b as MetricsBatch, v),
};

/** The contrib sampling of its output: the first `initial` batches each second, then every `thereafter`-th. */
export function outputSampler(initial: number, thereafter: number, now = () => Date.now()): () => boolean {
  let second = -1;
  let seen = 0;
  return () => {
    const s = Math.floor(now() / 1000);
    if (s !== second) {
      second = s;
      seen = 0;
    }
    seen++;
    return seen <= initial || (seen - initial) % thereafter === 0;
  };
}

export const debugExporter: ExporterFactory<DebugExporterConfig> = {
  kind: 'exporter',
  type: 'debug',
  signals: ['traces', 'logs', 'metrics'],
  createDefaultConfig: () => ({ verbosity: 'basic', sampling_initial: 2, sampling_thereafter: 1 }),
  validate(c, path, problems) {
    if (!(VERBOSITIES as readonly string[]).includes(c.verbosity)) problems.push(`${path}.verbosity: expected basic, normal or detailed, got "${String(c.verbosity)}"`);
    positiveInt(c.sampling_initial, `${path}.sampling_initial`, problems);
    positiveInt(c.sampling_thereafter, `${path}.sampling_thereafter`, problems);
  },
  create(_settings, c, id) {
    const sample = outputSampler(c.sampling_initial, c.sampling_thereafter);
    const consumers: Consumers = {};
    for (const signal of ['traces', 'logs', 'metrics'] as const) {
      consumers[signal] = (batch) => {
        if (sample()) process.stdout.write(`${id}: ${DESCRIBE[signal](batch, c.verbosity).join('\n')}\n`);
        return Promise.resolve();
      };
    }
    return { consumers, queueDepth: () => 0, async start() {}, async shutdown() {} };
  },
};
