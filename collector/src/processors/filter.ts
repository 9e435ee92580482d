import type { LogsBatch } from '../model/logs.js';
import type { MetricsBatch } from '../model/metrics.js';
import type { TracesBatch } from '../model/types.js';
import { compileCondition, OttlError, type Condition, type OttlContext } from './ottl.js';
import { CONTEXTS, type PointItem } from './ottl-contexts.js';
import { keepLogRecords, keepSpans } from './keep-items.js';

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
      const dropped = keepSpans(batch, (span, resource, scope) => {
        if (dropSpan?.({ resource, scope, span })) return false;
        if (dropEvent) span.events = span.events.filter((event) => !dropEvent({ resource, scope, span, event }));
        return true;
      });
      if (dropped) onDropped?.('traces', dropped);
      return batch;
    },
    processLogs(batch: LogsBatch): LogsBatch {
      if (!dropRecord) return batch;
      const dropped = keepLogRecords(batch, (record, resource, scope) => !dropRecord({ resource, scope, record }));
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
