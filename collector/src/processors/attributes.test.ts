import { describe, expect, it } from 'vitest';
import type { LogsBatch } from '../model/logs.js';
import type { MetricsBatch } from '../model/metrics.js';
import type { AttrValue, TracesBatch } from '../model/types.js';
import { attrs, testLogRecord, testSpan } from '../../test/model-fixtures.js';
import { compileActions } from './attribute-actions.js';
import { createAttributesProcessor, createResourceProcessor } from './attributes.js';
import { compileMatch, compileSelection, type MatchPropertiesYaml } from './match-properties.js';

const TAG = compileActions([{ key: 'picked', value: true, action: 'insert' }]);

function traces(): TracesBatch {
  const span = (name: string, kind: number, values: Record<string, AttrValue>) => testSpan(name, kind, attrs(values));
  return {
    projectId: 'default',
    resourceSpans: [
      {
        resource: attrs({ 'service.name': 'checkout', 'deployment.environment': 'prod' }),
        scopeSpans: [{ scope: { name: 'openai-instr', version: '1.2.0', attributes: attrs({}) }, spans: [span('chat gpt-4o', 3, { 'gen_ai.system': 'openai' }), span('GET /health', 2, { 'http.route': '/health' })] }],
      },
      { resource: attrs({ 'service.name': 'search' }), scopeSpans: [{ scope: { name: 'manual', version: '', attributes: attrs({}) }, spans: [span('chat claude', 3, {})] }] },
    ],
    rejectedSpans: 0,
    rejectionReasons: [],
  };
}

/** Names of the spans the selection picked. */
function picked(include?: MatchPropertiesYaml, exclude?: MatchPropertiesYaml): string[] {
  const batch = traces();
  createAttributesProcessor(TAG, compileSelection(include, exclude, 'p')).processTraces(batch);
  return batch.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.filter((s) => s.attributes.values.picked === true).map((s) => s.name)));
}

describe('include / exclude', () => {
  it('acts on every item without a selection', () => {
    expect(picked()).toEqual(['chat gpt-4o', 'GET /health', 'chat claude']);
  });

  it('matches services, span names and kinds (one item of a list suffices), strictly or by RE2 pattern', () => {
    expect(picked({ match_type: 'strict', services: ['checkout'] })).toEqual(['chat gpt-4o', 'GET /health']);
    expect(picked({ match_type: 'regexp', span_names: ['^chat '] })).toEqual(['chat gpt-4o', 'chat claude']);
    expect(picked({ match_type: 'strict', span_kinds: ['SPAN_KIND_SERVER'] })).toEqual(['GET /health']);
    expect(picked({ match_type: 'regexp', services: ['^check'], span_names: ['claude'] })).toEqual([]);
  });

  it('needs every attribute and resource entry: a key alone means present, a value must equal (strict) or match (regexp)', () => {
    expect(picked({ match_type: 'strict', attributes: [{ key: 'gen_ai.system' }] })).toEqual(['chat gpt-4o']);
    expect(picked({ match_type: 'strict', resources: [{ key: 'deployment.environment', value: 'prod' }, { key: 'service.name', value: 'checkout' }] })).toEqual(['chat gpt-4o', 'GET /health']);
    expect(picked({ match_type: 'strict', resources: [{ key: 'deployment.environment', value: 'prod' }, { key: 'service.name', value: 'search' }] })).toEqual([]);
    expect(picked({ match_type: 'regexp', attributes: [{ key: 'http.route', value: '^/health' }] })).toEqual(['GET /health']);
  });

  it('matches instrumentation libraries by name and optional version; exclude wins over include', () => {
    expect(picked({ match_type: 'strict', libraries: [{ name: 'openai-instr', version: '1.2.0' }] })).toEqual(['chat gpt-4o', 'GET /health']);
    expect(picked({ match_type: 'strict', libraries: [{ name: 'openai-instr', version: '2.0.0' }] })).toEqual([]);
    expect(picked({ match_type: 'strict', services: ['checkout'] }, { match_type: 'regexp', span_names: ['health'] })).toEqual(['chat gpt-4o']);
    expect(picked(undefined, { match_type: 'strict', span_names: ['GET /health'] })).toEqual(['chat gpt-4o', 'chat claude']);
  });

  it('refuses a selection it cannot apply, naming the key', () => {
    expect(() => compileMatch({ services: ['a'] }, 'p.include')).toThrow('p.include.match_type: "" is not one of strict, regexp');
    expect(() => compileMatch({ match_type: 'strict' }, 'p.include')).toThrow('p.include: give at least one property to match');
    expect(() => compileMatch({ match_type: 'regexp', span_names: ['('] }, 'p.exclude')).toThrow(/^p\.exclude\.span_names\[0\]: invalid regular expression/);
    expect(() => compileMatch({ match_type: 'strict', attributes: [{ value: 1 } as never] }, 'p.include')).toThrow('p.include.attributes[0].key: required');
    expect(() => compileMatch({ match_type: 'strict', log_severity_number: {} } as never, 'p.include')).toThrow(/p\.include\.log_severity_number: unknown key/);
  });
});

describe('attributes and resource processors on logs and metrics', () => {
  it('acts on the log records and metrics a selection picks, and on every resource', () => {
    const logs: LogsBatch = {
      projectId: 'default',
      resourceLogs: [
        {
          resource: { attributes: attrs({ 'service.name': 'bot' }), schemaUrl: '' },
          scopeLogs: [
            {
              scope: { name: 's', version: '', attributes: attrs({}), droppedAttributesCount: 0, schemaUrl: '' },
              logRecords: ['ERROR', 'INFO'].map((severityText) => ({ ...testLogRecord(9, `${severityText} happened`), severityText })),
            },
          ],
        },
      ],
      rejectedLogRecords: 0,
      rejectionReasons: [],
    };
    createAttributesProcessor(TAG, compileSelection({ match_type: 'regexp', log_bodies: ['^ERROR'], log_severity_texts: ['ERROR'] }, undefined, 'p')).processLogs(logs);
    expect(logs.resourceLogs[0].scopeLogs[0].logRecords.map((r) => r.attributes.values.picked)).toEqual([true, undefined]);

    const point = (v: number) => ({ attributes: attrs({}), startTimeUnixNano: '0', timeUnixNano: '1', flags: 0, value: v, exemplars: [] });
    const metrics: MetricsBatch = {
      projectId: 'default',
      resourceMetrics: [
        {
          resource: { attributes: attrs({}), schemaUrl: '' },
          scopeMetrics: [
            {
              scope: { name: 's', version: '', attributes: attrs({}), droppedAttributesCount: 0, schemaUrl: '' },
              metrics: ['gen_ai.client.token.usage', 'http.server.duration'].map((name) => ({ name, description: '', unit: '', data: { kind: 'gauge' as const, points: [point(1), point(2)] } })),
            },
          ],
        },
      ],
      rejectedDataPoints: 0,
      rejectionReasons: [],
    };
    createAttributesProcessor(TAG, compileSelection({ match_type: 'regexp', metric_names: ['^gen_ai\\.'] }, undefined, 'p')).processMetrics(metrics);
    createResourceProcessor(compileActions([{ key: 'deployment.environment', value: 'staging', action: 'upsert' }])).processMetrics(metrics);
    const [genai, http] = metrics.resourceMetrics[0].scopeMetrics[0].metrics;
    expect(genai.data.points.map((p) => p.attributes.values.picked)).toEqual([true, true]);
    expect(http.data.points.map((p) => p.attributes.values.picked)).toEqual([undefined, undefined]);
    expect(metrics.resourceMetrics[0].resource.attributes.values).toEqual({ 'deployment.environment': 'staging' });
  });
});
