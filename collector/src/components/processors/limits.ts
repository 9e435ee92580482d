import { positiveInt, type Problems } from '../../config/validate.js';
import type { TracesBatch } from '../../model/types.js';
import { createLimitsProcessor } from '../../processors/limits.js';
import type { ProcessorFactory } from '../types.js';

export interface LimitsYaml {
  max_attributes_per_span: number;
  max_attribute_value_length: number;
  max_events_per_span: number;
}

export const limitsProcessor: ProcessorFactory<LimitsYaml> = {
  kind: 'processor',
  type: 'limits',
  signals: ['traces'],
  createDefaultConfig: () => ({ max_attributes_per_span: 256, max_attribute_value_length: 262144, max_events_per_span: 1024 }),
  validate(c, path, problems: Problems) {
    positiveInt(c.max_attributes_per_span, `${path}.max_attributes_per_span`, problems);
    positiveInt(c.max_attribute_value_length, `${path}.max_attribute_value_length`, problems);
    positiveInt(c.max_events_per_span, `${path}.max_events_per_span`, problems);
  },
  create(settings, c) {
    const p = createLimitsProcessor(
      { maxAttributesPerSpan: c.max_attributes_per_span, maxAttributeValueLength: c.max_attribute_value_length, maxEventsPerSpan: c.max_events_per_span },
      settings.telemetry,
    );
    return { traces: (batch) => p.processTraces(batch as TracesBatch) };
  },
};
