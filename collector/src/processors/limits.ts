import type { AttrValue, Span, TracesBatch, TypedAttributes } from '../model/types.js';
import type { Telemetry } from '../telemetry.js';

export interface LimitsConfig {
  maxAttributesPerSpan: number;
  /** UTF-16 code units kept of a string value; longer values are cut. */
  maxAttributeValueLength: number;
  maxEventsPerSpan: number;
}

/** Attribute set on a span that lost attributes, events or value text to the limits. */
export const TRUNCATED_ATTRIBUTE = 'watchllm.truncated';

function limitAttributes(a: TypedAttributes, c: LimitsConfig, t?: Telemetry): boolean {
  let changed = false;
  let kept = 0;
  for (const key of Object.keys(a.values)) {
    if (kept >= c.maxAttributesPerSpan) {
      delete a.values[key];
      if (a.types) delete a.types[key];
      t?.truncated.inc({ what: 'attribute_dropped' });
      changed = true;
      continue;
    }
    kept++;
    const v: AttrValue = a.values[key];
    if (typeof v === 'string' && v.length > c.maxAttributeValueLength) {
      a.values[key] = v.slice(0, c.maxAttributeValueLength);
      t?.truncated.inc({ what: 'value_truncated' });
      changed = true;
    }
  }
  return changed;
}

function limitSpan(span: Span, c: LimitsConfig, t?: Telemetry): void {
  let changed = limitAttributes(span.attributes, c, t);
  if (span.events.length > c.maxEventsPerSpan) {
    t?.truncated.inc({ what: 'event_dropped' }, span.events.length - c.maxEventsPerSpan);
    span.events.length = c.maxEventsPerSpan;
    changed = true;
  }
  for (const e of span.events) changed = limitAttributes(e.attributes, c, t) || changed;
  if (changed) span.attributes.values[TRUNCATED_ATTRIBUTE] = true;
  if (changed) (span.attributes.types ??= {})[TRUNCATED_ATTRIBUTE] = 'bool';
}

/** Caps attribute counts and value sizes so one hostile span can't bloat storage; marks what it cut. */
export function createLimitsProcessor(c: LimitsConfig, telemetry?: Telemetry) {
  return {
    processTraces(batch: TracesBatch): TracesBatch {
      for (const rs of batch.resourceSpans) {
        limitAttributes(rs.resource, c, telemetry);
        for (const ss of rs.scopeSpans) for (const span of ss.spans) limitSpan(span, c, telemetry);
      }
      return batch;
    },
  };
}
