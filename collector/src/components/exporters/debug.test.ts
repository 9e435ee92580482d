import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeMessage } from '../../otlp/codec.js';
import { readLogsRequest } from '../../otlp/logs.js';
import { readMetricsRequest } from '../../otlp/metrics.js';
import { ExportLogsServiceRequest, ExportMetricsServiceRequest } from '../../otlp/proto.js';
import { readTraces } from '../../otlp/signals.js';
import type { ComponentSettings } from '../types.js';
import { parseConfig } from '../../config/load.js';
import { FACTORIES } from '../registry.js';
import { commentedExample } from '../../../test/commented-example.js';
import { debugExporter, outputSampler } from './debug.js';

const json = (o: unknown) => Buffer.from(JSON.stringify(o));
const traces = readTraces(
  json({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
      scopeSpans: [{
        scope: { name: 'lib', version: '1.0' },
        spans: [{
          traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'chat gpt-4o', kind: 3, startTimeUnixNano: '1700000000000000001', endTimeUnixNano: '1700000000500000000',
          attributes: [{ key: 'gen_ai.usage.input_tokens', value: { intValue: '12' } }], events: [{ name: 'ev', timeUnixNano: '1700000000000000001' }], status: { code: 2, message: 'boom' },
        }],
      }],
    }],
  }),
  'json',
  'default',
);

afterEach(() => vi.restoreAllMocks());

function printed(config: object, signal: 'traces' | 'logs' | 'metrics', batch: unknown): string {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((t) => (out.push(String(t)), true));
  const c = { ...debugExporter.createDefaultConfig(), ...config };
  void debugExporter.create({} as ComponentSettings, c, 'debug/x').consumers[signal]!(batch);
  vi.restoreAllMocks();
  return out.join('');
}

describe('debug exporter', () => {
  it('prints counts, a line per item, or every field, as verbosity says', () => {
    expect(printed({}, 'traces', traces)).toBe('debug/x: Traces {"project": "default", "resource spans": 1, "spans": 1}\n');
    expect(printed({ verbosity: 'normal' }, 'traces', traces)).toContain(`chat gpt-4o ${'ab'.repeat(16)} ${'cd'.repeat(8)} CLIENT ERROR`);
    const detailed = printed({ verbosity: 'detailed' }, 'traces', traces);
    for (const line of ['     -> service.name: Str(svc)', 'InstrumentationScope lib 1.0', '    Kind           : CLIENT', '    Start time     : 2023-11-14 22:13:20.000000001 +0000 UTC', '    Status message : boom', '     -> gen_ai.usage.input_tokens: Int(12)', '     -> Name: ev']) {
      expect(detailed).toContain(line);
    }
  });

  it('prints logs and metrics', () => {
    const { message, reader } = decodeMessage(json({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityText: 'WARN', severityNumber: 13, body: { stringValue: 'quota at 90%' } }] }] }] }), 'json', ExportLogsServiceRequest);
    expect(printed({ verbosity: 'normal' }, 'logs', readLogsRequest(message, reader, 'p'))).toContain('WARN quota at 90%');
    const m = decodeMessage(json({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'llm.requests', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ asInt: '3' }] } }] }] }] }), 'json', ExportMetricsServiceRequest);
    const metrics = readMetricsRequest(m.message, m.reader, 'p');
    expect(printed({ verbosity: 'normal' }, 'metrics', metrics)).toContain('llm.requests sum 1 point');
    expect(printed({ verbosity: 'detailed' }, 'metrics', metrics)).toContain('Value: 3');
  });

  it('samples its output: the first batches of each second, then every n-th', () => {
    let t = 0;
    const sample = outputSampler(2, 3, () => t);
    expect(Array.from({ length: 8 }, () => sample())).toEqual([true, true, false, false, true, false, false, true]);
    t = 1000;
    expect(sample()).toBe(true);
  });
});

describe('debug exporter config', () => {
  it('loads the commented examples of the shipped otel-config.yaml (and the health_check extension’s)', () => {
    const c = parseConfig(
      `receivers: { otlp: { protocols: { http: {} } } }\nexporters:\n${commentedExample('debug')}\nextensions:\n${commentedExample('health_check')}\nservice: { pipelines: { traces: { receivers: [otlp], exporters: [debug] } } }`,
      {},
      FACTORIES,
    );
    expect(c.exporters.get('debug')!.config).toEqual({ verbosity: 'detailed', sampling_initial: 2, sampling_thereafter: 100 });
    expect(c.extensions.health_check).toEqual({ host: '127.0.0.1', port: 13133, path: '/' });
  });
});
