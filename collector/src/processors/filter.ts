import type { LogsBatch } from '../model/logs.js';
import type { MetricsBatch } from '../model/metrics.js';
import type { Scope, TracesBatch, TypedAttributes } from '../model/types.js';
import { compileCondition, ERROR_MODES, OttlError, type Condition } from './ottl.js';
import { CONTEXTS, inferContext, SIGNAL_CONTEXTS, type ContextName, type Group, type PointItem, type Signal } from './ottl-contexts.js';
import { keepLogRecords, keepSpans } from './keep-items.js';

/**
 * The contrib `filter` processor with OTTL conditions: a span, span event, log record, metric or
 * data point for which any condition of its context holds is dropped (the conditions are ORed).
 * What is left empty (a metric without points, a scope or resource without items) goes too.
 *
 * Conditions come per context (`traces.span`, `logs.log_record`, …) or, as in contrib 0.146+,
 * as flat lists (`trace_conditions`, …) whose context each condition's path prefixes name
 * (`span.name == "x"` per span, `resource.attributes[…]` per resource: the whole resource goes).
 */
export interface FilterConditions {
  span?: string[];
  spanevent?: string[];
  log_record?: string[];
  metric?: string[];
  datapoint?: string[];
}

/** A flat list's entry: a condition, or a group of them with its own `error_mode`. */
export type ConditionEntry = string | { conditions: string[]; error_mode?: string };

export interface FilterConfig {
  traces?: FilterConditions;
  logs?: FilterConditions;
  metrics?: FilterConditions;
  trace_conditions?: ConditionEntry[];
  log_conditions?: ConditionEntry[];
  metric_conditions?: ConditionEntry[];
}

const FLAT_KEYS: Record<Signal, 'trace_conditions' | 'log_conditions' | 'metric_conditions'> = { traces: 'trace_conditions', logs: 'log_conditions', metrics: 'metric_conditions' };

interface Source {
  src: unknown;
  path: string;
}

/** One signal's conditions by the context they run in, each with its config path; a line in `errors` per problem. */
function conditionsByContext(config: FilterConfig, signal: Signal, path: string, errors: string[]): Map<ContextName, Source[]> {
  const byContext = new Map<ContextName, Source[]>();
  const add = (context: ContextName, source: Source) => byContext.set(context, [...(byContext.get(context) ?? []), source]);
  const legacy = (config[signal] ?? {}) as Record<string, unknown>;
  for (const context of SIGNAL_CONTEXTS[signal]) {
    const list = legacy[context];
    if (list === undefined) continue;
    if (!Array.isArray(list)) errors.push(`${path}.${signal}.${context}: expected a list of conditions`);
    else list.forEach((src, i) => add(context, { src, path: `${path}.${signal}.${context}[${i}]` }));
  }
  const key = FLAT_KEYS[signal];
  const flat = config[key];
  if (flat !== undefined && !Array.isArray(flat)) errors.push(`${path}.${key}: expected a list of conditions or groups ({ conditions, error_mode? })`);
  const inferred = (src: unknown, at: string) => {
    if (typeof src !== 'string') return errors.push(`${at}: expected a condition string, got ${JSON.stringify(src)}`);
    try {
      add(inferContext([src], signal), { src, path: at });
    } catch (err) {
      if (!(err instanceof OttlError)) throw err;
      errors.push(`${at}: ${err.message} in ${JSON.stringify(src)}`);
    }
  };
  (Array.isArray(flat) ? flat : []).forEach((entry, i) => {
    const at = `${path}.${key}[${i}]`;
    if (typeof entry === 'string') return inferred(entry, at);
    if (!entry || typeof entry !== 'object' || !Array.isArray(entry.conditions)) return errors.push(`${at}: expected a condition string or { conditions: [...], error_mode? }`);
    if (entry.error_mode !== undefined && !ERROR_MODES.includes(entry.error_mode)) errors.push(`${at}.error_mode: "${entry.error_mode}" is not one of ${ERROR_MODES.join(', ')}`);
    entry.conditions.forEach((src, j) => inferred(src, `${at}.conditions[${j}]`));
  });
  return byContext;
}

/** Any of the conditions, compiled; throws an Error with a line per bad condition (`path[i]: problem in "…"`). */
function anyOf<T>(sources: Source[] | undefined, context: ContextName): Condition<T> | undefined {
  if (!sources?.length) return undefined;
  const errors: string[] = [];
  const compiled = sources.map(({ src, path }): Condition<T> => {
    if (typeof src !== 'string') {
      errors.push(`${path}: expected a condition string, got ${JSON.stringify(src)}`);
      return () => false;
    }
    try {
      return compileCondition(src, CONTEXTS[context] as never);
    } catch (err) {
      if (!(err instanceof OttlError)) throw err;
      errors.push(`${path}: ${err.message} in ${JSON.stringify(src)}`);
      return () => false;
    }
  });
  if (errors.length) throw new Error(errors.join('\n'));
  return (item) => compiled.some((c) => c(item));
}

/** A signal's conditions compiled per context; every problem of every context reported at once. */
function compileSignal(config: FilterConfig, signal: Signal, path: string): Partial<Record<ContextName, Condition<never>>> {
  const errors: string[] = [];
  const byContext = conditionsByContext(config, signal, path, errors);
  const out: Partial<Record<ContextName, Condition<never>>> = {};
  for (const [context, sources] of byContext) {
    try {
      out[context] = anyOf(sources, context);
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  if (errors.length) throw new Error(errors.join('\n'));
  return out;
}

/** How one signal nests its items under resources and scopes. */
interface Layout<R, S> {
  resource(r: R): TypedAttributes;
  scopes(r: R): S[];
  setScopes(r: R, scopes: S[]): void;
  scope(s: S): Scope;
  items(s: S): number;
}

/** Drops the resources and scopes a resource or scope condition holds for; returns what is kept and how many items went with them. */
function dropGroups<R, S>(resources: R[], layout: Layout<R, S>, dropResource?: Condition<never>, dropScope?: Condition<never>): [R[], number] {
  if (!dropResource && !dropScope) return [resources, 0];
  let dropped = 0;
  const items = (scopes: S[]) => scopes.reduce((n, s) => n + layout.items(s), 0);
  const kept = resources.filter((r) => {
    const scopes = layout.scopes(r);
    const resource = layout.resource(r);
    // A resource condition reads only the resource; the item carries a scope as every context's does.
    const item: Group = { resource, scope: scopes[0] ? layout.scope(scopes[0]) : NO_SCOPE };
    if (dropResource?.(item as never)) {
      dropped += items(scopes);
      return false;
    }
    if (!dropScope) return true;
    const left = scopes.filter((s) => !dropScope({ resource, scope: layout.scope(s) } as never));
    dropped += items(scopes) - items(left);
    layout.setScopes(r, left);
    return left.length > 0;
  });
  return [kept, dropped];
}

const NO_SCOPE: Scope = { name: '', version: '', attributes: { values: {}, types: undefined } };

type Traces = TracesBatch['resourceSpans'][number];
type Logs = LogsBatch['resourceLogs'][number];
type Metrics = MetricsBatch['resourceMetrics'][number];

const TRACES: Layout<Traces, Traces['scopeSpans'][number]> = {
  resource: (r) => r.resource,
  scopes: (r) => r.scopeSpans,
  setScopes: (r, s) => (r.scopeSpans = s),
  scope: (s) => s.scope,
  items: (s) => s.spans.length,
};
const LOGS: Layout<Logs, Logs['scopeLogs'][number]> = {
  resource: (r) => r.resource.attributes,
  scopes: (r) => r.scopeLogs,
  setScopes: (r, s) => (r.scopeLogs = s),
  scope: (s) => s.scope,
  items: (s) => s.logRecords.length,
};
const METRICS: Layout<Metrics, Metrics['scopeMetrics'][number]> = {
  resource: (r) => r.resource.attributes,
  scopes: (r) => r.scopeMetrics,
  setScopes: (r, s) => (r.scopeMetrics = s),
  scope: (s) => s.scope,
  items: (s) => s.metrics.reduce((n, m) => n + m.data.points.length, 0),
};

export function createFilterProcessor(config: FilterConfig, path: string, onDropped?: (signal: Signal, items: number) => void) {
  const errors: string[] = [];
  const compiled = (signal: Signal) => {
    try {
      return compileSignal(config, signal, path);
    } catch (err) {
      errors.push((err as Error).message);
      return {};
    }
  };
  const traces = compiled('traces');
  const logs = compiled('logs');
  const metrics = compiled('metrics');
  if (errors.length) throw new Error(errors.join('\n'));
  const report = (signal: Signal, n: number) => {
    if (n) onDropped?.(signal, n);
  };

  return {
    processTraces(batch: TracesBatch): TracesBatch {
      const { resource, scope, span: dropSpan, spanevent: dropEvent } = traces;
      let dropped: number;
      [batch.resourceSpans, dropped] = dropGroups(batch.resourceSpans, TRACES, resource, scope);
      if (dropSpan || dropEvent) {
        dropped += keepSpans(batch, (span, resource, scope) => {
          if (dropSpan?.({ resource, scope, span } as never)) return false;
          if (dropEvent) span.events = span.events.filter((event) => !dropEvent({ resource, scope, span, event } as never));
          return true;
        });
      }
      report('traces', dropped);
      return batch;
    },
    processLogs(batch: LogsBatch): LogsBatch {
      const { resource, scope, log_record: dropRecord } = logs;
      let dropped: number;
      [batch.resourceLogs, dropped] = dropGroups(batch.resourceLogs, LOGS, resource, scope);
      if (dropRecord) dropped += keepLogRecords(batch, (record, resource, scope) => !dropRecord({ resource, scope, record } as never));
      report('logs', dropped);
      return batch;
    },
    processMetrics(batch: MetricsBatch): MetricsBatch {
      const { resource, scope, metric: dropMetric, datapoint: dropPoint } = metrics;
      let dropped: number;
      [batch.resourceMetrics, dropped] = dropGroups(batch.resourceMetrics, METRICS, resource, scope);
      if (dropMetric || dropPoint) {
        for (const rm of batch.resourceMetrics) {
          for (const sm of rm.scopeMetrics) {
            const group = { resource: rm.resource.attributes, scope: sm.scope };
            sm.metrics = sm.metrics.filter((metric) => {
              const points = metric.data.points.length;
              if (dropMetric?.({ ...group, metric } as never)) {
                dropped += points;
                return false;
              }
              if (dropPoint) (metric.data as { points: unknown[] }).points = (metric.data.points as PointItem['point'][]).filter((point) => !dropPoint({ ...group, metric, point } as never));
              dropped += points - metric.data.points.length;
              return metric.data.points.length > 0;
            });
          }
          rm.scopeMetrics = rm.scopeMetrics.filter((sm) => sm.metrics.length > 0);
        }
        batch.resourceMetrics = batch.resourceMetrics.filter((rm) => rm.scopeMetrics.length > 0);
      }
      report('metrics', dropped);
      return batch;
    },
  };
}
