import { describe, expect, it } from 'vitest';
import type { LogsBatch } from '../model/logs.js';
import type { MetricsBatch } from '../model/metrics.js';
import type { AttrValue, TracesBatch } from '../model/types.js';
import { attrs, scopeInfo, testLogRecord, testSpan } from '../../test/model-fixtures.js';
import { createFilterProcessor } from './filter.js';

function traces(): TracesBatch {
  const span = (name: string, kind: number, values: Record<string, AttrValue>, events: string[] = []) =>
    testSpan(name, kind, attrs(values), events.map((e) => ({ timeUnixNano: '1500', name: e, attributes: attrs({ grpc: e === 'message' }) })));
  return {
    projectId: 'default',
    resourceSpans: [
      {
        resource: attrs({ 'service.name': 'api' }),
        scopeSpans: [{ scope: scopeInfo('http'), spans: [span('GET /health', 2, { 'http.route': '/health' }), span('chat gpt-4o', 3, { 'gen_ai.request.model': 'gpt-4o' }, ['message', 'gen_ai.choice'])] }],
      },
      { resource: attrs({ 'service.name': 'probe' }), scopeSpans: [{ scope: scopeInfo(), spans: [span('GET /ready', 2, {})] }] },
    ],
    rejectedSpans: 0,
    rejectionReasons: [],
  };
}

describe('filter processor', () => {
  it('drops the spans and span events any condition matches, and resources left empty', () => {
    const dropped: unknown[] = [];
    const batch = createFilterProcessor(
      { traces: { span: ['attributes["http.route"] == "/health"', 'resource.attributes["service.name"] == "probe"'], spanevent: ['attributes["grpc"] == true'] } },
      'processors.filter',
      (signal, n) => dropped.push([signal, n]),
    ).processTraces(traces());
    expect(batch.resourceSpans).toHaveLength(1);
    const [span] = batch.resourceSpans[0].scopeSpans[0].spans;
    expect(span.name).toBe('chat gpt-4o');
    expect(span.events.map((e) => e.name)).toEqual(['gen_ai.choice']);
    expect(dropped).toEqual([['traces', 2]]);
  });

  it('reads span paths from an event condition, and the scope from any context', () => {
    const batch = createFilterProcessor({ traces: { spanevent: ['span.name == "chat gpt-4o" and instrumentation_scope.name == "http"'] } }, 'f').processTraces(traces());
    expect(batch.resourceSpans[0].scopeSpans[0].spans[1].events).toEqual([]);
    expect(batch.resourceSpans[0].scopeSpans[0].spans).toHaveLength(2);
  });

  it('drops log records by severity, body and attributes', () => {
    const record = testLogRecord;
    const batch: LogsBatch = {
      projectId: 'default',
      resourceLogs: [{ resource: { attributes: attrs({}), schemaUrl: '' }, scopeLogs: [{ scope: scopeInfo(), logRecords: [record(5, 'debug noise'), record(13, 'disk almost full'), record(9, { role: 'user', content: 'password=hunter2' }, 'kvlist')] }] }],
      rejectedLogRecords: 0,
      rejectionReasons: [],
    };
    createFilterProcessor({ logs: { log_record: ['severity_number < SEVERITY_NUMBER_INFO', 'IsMatch(body["content"], "password")'] } }, 'f').processLogs(batch);
    expect(batch.resourceLogs[0].scopeLogs[0].logRecords.map((r) => r.body)).toEqual(['disk almost full']);
  });

  it('drops metrics, or data points and then metrics left without any', () => {
    const point = (value: number, route: string) => ({ attributes: attrs({ route }), startTimeUnixNano: '0', timeUnixNano: '1', flags: 0, value, exemplars: [] });
    const batch: MetricsBatch = {
      projectId: 'default',
      resourceMetrics: [
        {
          resource: { attributes: attrs({}), schemaUrl: '' },
          scopeMetrics: [
            {
              scope: scopeInfo(),
              metrics: [
                { name: 'http.server.duration', description: '', unit: 's', data: { kind: 'histogram', temporality: 2, points: [] } },
                { name: 'gen_ai.client.token.usage', description: '', unit: '{token}', data: { kind: 'gauge', points: [point(5, '/health'), point(7, '/chat')] } },
                { name: 'probe.up', description: '', unit: '', data: { kind: 'gauge', points: [point(1, '/health')] } },
              ],
            },
          ],
        },
      ],
      rejectedDataPoints: 0,
      rejectionReasons: [],
    };
    const dropped: unknown[] = [];
    createFilterProcessor({ metrics: { metric: ['type == METRIC_DATA_TYPE_HISTOGRAM'], datapoint: ['attributes["route"] == "/health"'] } }, 'f', (s, n) => dropped.push([s, n])).processMetrics(batch);
    const metrics = batch.resourceMetrics[0].scopeMetrics[0].metrics;
    expect(metrics.map((m) => [m.name, m.data.points.map((p) => p.attributes.values.route)])).toEqual([['gen_ai.client.token.usage', ['/chat']]]);
    expect(dropped).toEqual([['metrics', 2]]);
  });

  it("infers each flat condition's context from its paths: a resource or scope condition drops everything under it (contrib 0.146+)", () => {
    const dropped: unknown[] = [];
    const batch = createFilterProcessor(
      {
        trace_conditions: [
          'resource.attributes["service.name"] == "probe"',
          'span.attributes["http.route"] == "/health"',
          { conditions: ['spanevent.attributes["grpc"] == true and span.name == "chat gpt-4o"'], error_mode: 'ignore' },
        ],
      },
      'processors.filter',
      (signal, n) => dropped.push([signal, n]),
    ).processTraces(traces());
    expect(batch.resourceSpans.map((rs) => rs.resource.values['service.name'])).toEqual(['api']);
    const [span] = batch.resourceSpans[0].scopeSpans[0].spans;
    expect([span.name, span.events.map((e) => e.name)]).toEqual(['chat gpt-4o', ['gen_ai.choice']]);
    expect(dropped).toEqual([['traces', 2]]);

    const byScope = createFilterProcessor({ trace_conditions: ['scope.name == "http"'] }, 'f').processTraces(traces());
    expect(byScope.resourceSpans.map((rs) => rs.resource.values['service.name'])).toEqual(['probe']);
    const logs: LogsBatch = {
      projectId: 'default',
      resourceLogs: [
        { resource: { attributes: attrs({ 'service.name': 'noisy' }), schemaUrl: '' }, scopeLogs: [{ scope: scopeInfo(), logRecords: [testLogRecord(13, 'a'), testLogRecord(13, 'b')] }] },
        { resource: { attributes: attrs({ 'service.name': 'api' }), schemaUrl: '' }, scopeLogs: [{ scope: scopeInfo(), logRecords: [testLogRecord(5, 'debug'), testLogRecord(17, 'boom')] }] },
      ],
      rejectedLogRecords: 0,
      rejectionReasons: [],
    };
    const droppedLogs: unknown[] = [];
    createFilterProcessor({ log_conditions: ['resource.attributes["service.name"] == "noisy"', 'log.severity_number < SEVERITY_NUMBER_WARN'] }, 'f', (s, n) => droppedLogs.push([s, n])).processLogs(logs);
    expect(logs.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords.map((r) => r.body)))).toEqual(['boom']);
    expect(droppedLogs).toEqual([['logs', 3]]);
  });

  it('says which flat condition names no context, or one of another signal', () => {
    let message = '';
    try {
      createFilterProcessor({ trace_conditions: ['name == "x"', 'log.body == "x"', { conditions: ['span.bogus == 1'], error_mode: 'loud' }], metric_conditions: [42 as never] }, 'processors.filter');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'processors.filter.trace_conditions[0]: cannot tell the context: prefix the paths with it (resource., scope., instrumentation_scope., span., spanevent.), e.g. span.attributes["k"] in "name == \\"x\\""',
      'processors.filter.trace_conditions[1]: paths starting "log." do not belong to traces (prefixes here: resource., scope., instrumentation_scope., span., spanevent.) in "log.body == \\"x\\""',
      'processors.filter.trace_conditions[2].error_mode: "loud" is not one of ignore, silent, propagate',
      expect.stringMatching(/^processors\.filter\.trace_conditions\[2\]\.conditions\[0\]: unknown path "bogus" in the span context/),
      'processors.filter.metric_conditions[0]: expected a condition string or { conditions: [...], error_mode? }',
    ]);
  });

  it('names every bad condition with its key', () => {
    expect(() => createFilterProcessor({ traces: { span: ['name == "a"', 'bogus > 1', 'name =='] } }, 'processors.filter/x')).toThrow(
      'processors.filter/x.traces.span[1]: unknown path "bogus" in the span context',
    );
    let message = '';
    try {
      createFilterProcessor({ logs: { log_record: ['severity > 1', 'IsMatch(body, "(")'] } }, 'processors.filter');
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^processors\.filter\.logs\.log_record\[0\]: unknown path "severity" in the log_record context \(paths: .*severity_number/);
    expect(lines[1]).toMatch(/^processors\.filter\.logs\.log_record\[1\]: invalid regular expression "\(".* in "IsMatch\(body, \\"\(\\"\)"$/);
  });
});
