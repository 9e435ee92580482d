import type { LogsBatch } from '../model/logs.js';
import type { MetricsBatch } from '../model/metrics.js';
import type { TracesBatch, TypedAttributes } from '../model/types.js';
import { valueToString } from '../storage/values.js';
import { applyActions, type CompiledAction } from './attribute-actions.js';
import type { Matcher, MatchTarget } from './match-properties.js';
import { spanKindName } from './trace-metrics.js';

/**
 * The contrib `attributes` processor: actions on the attributes of each span, log record or
 * metric data point, optionally only on the items an include/exclude selection picks.
 */
export function createAttributesProcessor(actions: CompiledAction[], selects?: Matcher) {
  const picked = (t: () => MatchTarget) => !selects || selects(t());
  return {
    processTraces(batch: TracesBatch): TracesBatch {
      for (const rs of batch.resourceSpans) {
        for (const ss of rs.scopeSpans) {
          for (const span of ss.spans) {
            const target = () => ({ ...groupTarget(rs.resource, ss.scope), attributes: span.attributes, spanName: span.name, spanKind: spanKindName(span) });
            if (picked(target)) applyActions(actions, span.attributes);
          }
        }
      }
      return batch;
    },
    processLogs(batch: LogsBatch): LogsBatch {
      for (const rl of batch.resourceLogs) {
        for (const sl of rl.scopeLogs) {
          for (const r of sl.logRecords) {
            const target = () => ({ ...groupTarget(rl.resource.attributes, sl.scope), attributes: r.attributes, logBody: valueToString(r.body, r.bodyType), severityText: r.severityText });
            if (picked(target)) applyActions(actions, r.attributes);
          }
        }
      }
      return batch;
    },
    processMetrics(batch: MetricsBatch): MetricsBatch {
      for (const rm of batch.resourceMetrics) {
        for (const sm of rm.scopeMetrics) {
          for (const metric of sm.metrics) {
            if (!picked(() => ({ ...groupTarget(rm.resource.attributes, sm.scope), metricName: metric.name }))) continue;
            for (const point of metric.data.points) applyActions(actions, point.attributes);
          }
        }
      }
      return batch;
    },
  };
}

/** The contrib `resource` processor: the same actions on each resource's attributes. */
export function createResourceProcessor(actions: CompiledAction[]) {
  return {
    processTraces(batch: TracesBatch): TracesBatch {
      for (const rs of batch.resourceSpans) applyActions(actions, rs.resource);
      return batch;
    },
    processLogs(batch: LogsBatch): LogsBatch {
      for (const rl of batch.resourceLogs) applyActions(actions, rl.resource.attributes);
      return batch;
    },
    processMetrics(batch: MetricsBatch): MetricsBatch {
      for (const rm of batch.resourceMetrics) applyActions(actions, rm.resource.attributes);
      return batch;
    },
  };
}

function groupTarget(resource: TypedAttributes, scope: { name: string; version: string }): Pick<MatchTarget, 'service' | 'resource' | 'library'> {
  const service = resource.values['service.name'];
  return { service: typeof service === 'string' ? service : '', resource, library: { name: scope.name, version: scope.version } };
}
