import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LogsBatch } from '../model/logs.js';
import type { MetricsBatch } from '../model/metrics.js';
import type { AttrValue, TracesBatch } from '../model/types.js';
import { attrs, scopeInfo, testLogRecord, testSpan } from '../../test/model-fixtures.js';
import { createTransformProcessor, type TransformConfig } from './transform.js';

function traces(): TracesBatch {
  const span = (name: string, values: Record<string, AttrValue>) => testSpan(name, 3, attrs(values, 'debug.x' in values ? { 'debug.x': 'int' } : undefined), [{ timeUnixNano: '1500', name: 'exception', attributes: attrs({ 'exception.message': 'token sk-123 leaked' }) }]);
  return {
    projectId: 'default',
    resourceSpans: [
      {
        resource: attrs({ 'service.name': 'legacy-bot', 'k8s.namespace.name': 'prod' }),
        scopeSpans: [{ scope: scopeInfo('my-llm-lib'), spans: [span('llm', { 'llm.model': 'gpt-4o', 'llm.tokens': '120', 'user.email': 'a@b.c', 'debug.x': 1 }), span('GET /health', {})] }],
      },
    ],
    rejectedSpans: 0,
    rejectionReasons: [],
  };
}

const run = (config: TransformConfig, batch = traces()) => createTransformProcessor(config, 'processors.transform').processTraces(batch);
const spans = (b: TracesBatch) => b.resourceSpans[0].scopeSpans[0].spans;

describe('transform processor', () => {
  it('sets, copies and converts attributes, only where its condition holds', () => {
    const b = run({
      trace_statements: [
        {
          context: 'span',
          statements: [
            'set(attributes["gen_ai.request.model"], attributes["llm.model"]) where attributes["llm.model"] != nil',
            'set(attributes["gen_ai.usage.input_tokens"], Int(attributes["llm.tokens"]))',
            'set(attributes["gen_ai.operation.name"], "chat") where IsMatch(name, "^llm")',
            'set(attributes["env"], resource.attributes["k8s.namespace.name"])',
            'set(attributes["user.email"], SHA256(attributes["user.email"]))',
            'set(attributes["label"], Concat([name, ToUpperCase(instrumentation_scope.name)], "/"))',
            'delete_key(attributes, "llm.model")',
            'delete_matching_keys(attributes, "^debug\\\\.")',
          ],
        },
      ],
    });
    const [llm, health] = spans(b);
    expect(llm.attributes.values).toEqual({
      'llm.tokens': '120',
      'user.email': createHash('sha256').update('a@b.c').digest('hex'),
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.operation.name': 'chat',
      env: 'prod',
      label: 'llm/MY-LLM-LIB',
    });
    expect(llm.attributes.types).toEqual({ 'gen_ai.usage.input_tokens': 'int' });
    expect(health.attributes.values).toEqual({ env: 'prod', label: 'GET /health/MY-LLM-LIB' });
  });

  it('writes names and statuses, span events, resources and scopes; a group runs only for items one of its conditions holds for', () => {
    const b = run({
      trace_statements: [
        { context: 'span', conditions: ['name == "GET /health"'], statements: ['set(name, "health check")', 'set(status.code, STATUS_CODE_OK)', 'set(status.message, 42)'] },
        { context: 'spanevent', statements: ['replace_pattern(attributes["exception.message"], "sk-[0-9]+", "sk-***")', 'set(name, "error") where span.name == "llm"'] },
        { context: 'resource', statements: ['set(attributes["deployment.environment"], "production")', 'keep_keys(attributes, ["service.name", "deployment.environment"])'] },
        { context: 'scope', statements: ['set(version, "2.0")'] },
      ],
    });
    const [llm, health] = spans(b);
    expect([health.name, health.statusCode, health.statusMessage]).toEqual(['health check', 1, '']);
    expect(llm.name).toBe('llm');
    expect(llm.events.map((e) => [e.name, e.attributes.values['exception.message']])).toEqual([['error', 'token sk-*** leaked']]);
    expect(health.events[0].name).toBe('exception');
    expect(b.resourceSpans[0].resource.values).toEqual({ 'service.name': 'legacy-bot', 'deployment.environment': 'production' });
    expect(b.resourceSpans[0].scopeSpans[0].scope.version).toBe('2.0');
  });

  it('truncates, limits and rewrites keys and values by pattern, with groups in the replacement', () => {
    const b = run({
      trace_statements: [
        {
          context: 'span',
          conditions: ['name == "llm"'],
          statements: [
            'replace_all_patterns(attributes, "key", "^llm\\\\.(.*)$", "legacy.$1")',
            'replace_all_patterns(attributes, "value", "@(?P<domain>.*)$", "@${domain}.invalid")',
            'truncate_all(attributes, 4)',
            'limit(attributes, 2, ["user.email"])',
          ],
        },
      ],
    });
    expect(spans(b)[0].attributes.values).toEqual({ 'user.email': 'a@b.', 'debug.x': 1 });
    const renamed = run({ trace_statements: [{ context: 'span', statements: ['replace_all_patterns(attributes, "key", "^llm\\\\.(.*)$", "legacy.$1")'] }] });
    expect(Object.keys(spans(renamed)[0].attributes.values).sort()).toEqual(['debug.x', 'legacy.model', 'legacy.tokens', 'user.email']);
    expect(spans(renamed)[0].attributes.types).toEqual({ 'debug.x': 'int' });
  });

  it('edits log records (body, severity) and metrics', () => {
    const logs: LogsBatch = {
      projectId: 'default',
      resourceLogs: [{ resource: { attributes: attrs({}), schemaUrl: '' }, scopeLogs: [{ scope: scopeInfo(), logRecords: [testLogRecord(5, 'password=hunter2 ok')] }] }],
      rejectedLogRecords: 0,
      rejectionReasons: [],
    };
    createTransformProcessor({ log_statements: [{ context: 'log', statements: ['replace_pattern(body, "password=\\\\S+", "password=***")', 'set(severity_number, SEVERITY_NUMBER_INFO) where severity_number < SEVERITY_NUMBER_INFO', 'set(severity_text, "INFO")'] }] }, 'p').processLogs(logs);
    const record = logs.resourceLogs[0].scopeLogs[0].logRecords[0];
    expect([record.body, record.severityNumber, record.severityText]).toEqual(['password=*** ok', 9, 'INFO']);

    const metrics: MetricsBatch = {
      projectId: 'default',
      resourceMetrics: [
        {
          resource: { attributes: attrs({}), schemaUrl: '' },
          scopeMetrics: [{ scope: scopeInfo(), metrics: [{ name: 'llm.tokens', description: '', unit: '', data: { kind: 'gauge', points: [{ attributes: attrs({ model: 'gpt-4o' }), startTimeUnixNano: '0', timeUnixNano: '1', flags: 0, value: 5, exemplars: [] }] } }] }],
        },
      ],
      rejectedDataPoints: 0,
      rejectionReasons: [],
    };
    createTransformProcessor(
      { metric_statements: [{ context: 'metric', statements: ['set(name, "gen_ai.client.token.usage") where name == "llm.tokens"', 'set(unit, "{token}")'] }, { context: 'datapoint', statements: ['set(attributes["gen_ai.request.model"], attributes["model"])', 'delete_key(attributes, "model")'] }] },
      'p',
    ).processMetrics(metrics);
    const metric = metrics.resourceMetrics[0].scopeMetrics[0].metrics[0];
    expect([metric.name, metric.unit, metric.data.points[0].attributes.values]).toEqual(['gen_ai.client.token.usage', '{token}', { 'gen_ai.request.model': 'gpt-4o' }]);
  });

  it("reads and sets a data point's value as pdata does: value_int / value_double by the point's own type, a setter changing it", () => {
    const point = (value: number, intValue?: number) => ({ attributes: attrs({}), startTimeUnixNano: '0', timeUnixNano: '1', flags: 0, value, ...(intValue === undefined ? {} : { intValue }), exemplars: [] });
    const metrics: MetricsBatch = {
      projectId: 'default',
      resourceMetrics: [
        {
          resource: { attributes: attrs({}), schemaUrl: '' },
          scopeMetrics: [{ scope: scopeInfo(), metrics: [{ name: 'latency_ms', description: '', unit: 'ms', data: { kind: 'gauge', points: [point(2500, 2500), point(1.5), point(7, 7)] } }] }],
        },
      ],
      rejectedDataPoints: 0,
      rejectionReasons: [],
    };
    createTransformProcessor(
      {
        metric_statements: [
          // An as_int point's value_double is 0, so only the double point is tagged first.
          { context: 'datapoint', statements: ['set(attributes["double"], true) where value_double > 0', 'set(value_double, value_int / 1000.0) where value_int > 1000', 'set(value_int, 8) where value_int == 7'] },
        ],
      },
      'p',
    ).processMetrics(metrics);
    const [a, b, c] = metrics.resourceMetrics[0].scopeMetrics[0].metrics[0].data.points as ReturnType<typeof point>[];
    expect([a.value, a.intValue, a.attributes.values]).toEqual([2.5, undefined, {}]);
    expect([b.value, b.intValue, b.attributes.values]).toEqual([1.5, undefined, { double: true }]);
    expect([c.value, c.intValue]).toEqual([8, 8]);
  });

  it('keeps an attribute typed double a double though its value is integral (2.0): it divides, tests and copies as one', () => {
    const batch = traces();
    batch.resourceSpans[0].scopeSpans[0].spans[0].attributes = attrs({ two: 2, four: 4 }, { two: 'double', four: 'int' });
    const b = run(
      {
        trace_statements: [
          {
            context: 'span',
            statements: [
              'set(attributes["half"], attributes["two"] / 4)',
              'set(attributes["int_div"], attributes["four"] / 8)',
              'set(attributes["copy"], attributes["two"])',
              'set(attributes["scaled"], attributes["two"] * 3)',
              'set(attributes["is_double"], true) where IsDouble(attributes["two"]) and not IsInt(attributes["two"]) and IsInt(attributes["four"])',
            ],
          },
        ],
      },
      batch,
    );
    const [llm] = spans(b);
    expect(llm.attributes.values).toMatchObject({ half: 0.5, int_div: 0, copy: 2, scaled: 6, is_double: true });
    expect(llm.attributes.types).toMatchObject({ half: 'double', int_div: 'int', copy: 'double', scaled: 'double', is_double: 'bool' });
  });

  it('takes bare statements and groups without a context, inferring it from the paths (contrib 0.120+ configs)', () => {
    const b = run({
      trace_statements: [
        'set(span.attributes["gen_ai.request.model"], span.attributes["llm.model"]) where span.attributes["llm.model"] != nil',
        'set(span.attributes["env"], resource.attributes["k8s.namespace.name"])',
        'set(resource.attributes["deployment.environment"], "production")',
        'set(spanevent.name, "error") where span.name == "llm"',
        'set(scope.version, "2.0")',
        'set(span.attributes["scope"], scope.name)',
        { conditions: ['span.name == "GET /health"'], statements: ['set(span.name, "health check")', 'set(span.status.code, STATUS_CODE_OK)'] },
      ],
    });
    const [llm, health] = spans(b);
    expect(llm.attributes.values).toMatchObject({ 'gen_ai.request.model': 'gpt-4o', env: 'prod', scope: 'my-llm-lib' });
    expect(health.attributes.values).toEqual({ env: 'prod', scope: 'my-llm-lib' });
    expect([health.name, health.statusCode]).toEqual(['health check', 1]);
    expect(llm.events[0].name).toBe('error');
    expect(health.events[0].name).toBe('exception');
    expect(b.resourceSpans[0].resource.values['deployment.environment']).toBe('production');
    expect(b.resourceSpans[0].scopeSpans[0].scope.version).toBe('2.0');

    const logs: LogsBatch = {
      projectId: 'default',
      resourceLogs: [{ resource: { attributes: attrs({ 'service.name': 'bot' }), schemaUrl: '' }, scopeLogs: [{ scope: scopeInfo(), logRecords: [testLogRecord(5, 'request failed')] }] }],
      rejectedLogRecords: 0,
      rejectionReasons: [],
    };
    createTransformProcessor({ log_statements: ['set(log.severity_text, "FAIL") where log.body == "request failed"', 'set(log.attributes["service"], resource.attributes["service.name"])'] }, 'p').processLogs(logs);
    const record = logs.resourceLogs[0].scopeLogs[0].logRecords[0];
    expect([record.severityText, record.attributes.values.service]).toEqual(['FAIL', 'bot']);
  });

  it('replaces by glob, merges parsed JSON into attributes, flattens nested maps, and knows root spans', () => {
    const batch = traces();
    spans(batch)[0].attributes.values['payload'] = '{"user":{"id":7,"tags":["a","b"]},"llm.tokens":"999"}';
    spans(batch)[0].attributes.values['path'] = '/user/42/list/7';
    spans(batch)[1].parentSpanId = 'aaaaaaaaaaaaaaaa';
    const b = run(
      {
        trace_statements: [
          'replace_match(span.attributes["path"], "/user/*/list/*", "/user/{userId}/list/{listId}")',
          'replace_all_matches(span.attributes, "a@b.?", "someone")',
          'merge_maps(span.attributes, ParseJSON(span.attributes["payload"]), "insert")',
          'delete_key(span.attributes, "payload")',
          'flatten(span.attributes, "app", 1) where span.name == "llm"',
          'set(span.attributes["root"], true) where IsRootSpan()',
          'set(span.attributes["us"], (span.end_time_unix_nano - span.start_time_unix_nano) / 1000)',
        ],
      },
      batch,
    );
    const [llm, health] = spans(b);
    expect(llm.attributes.values).toEqual({
      'app.llm.model': 'gpt-4o',
      'app.llm.tokens': '120',
      'app.user.email': 'someone',
      'app.debug.x': 1,
      'app.path': '/user/{userId}/list/{listId}',
      'app.user.id': 7,
      'app.user.tags': ['a', 'b'],
      root: true,
      us: 1,
    });
    expect(health.attributes.values).toEqual({ us: 1 });
    expect(() => run({ trace_statements: ['merge_maps(span.attributes, span.attributes["x"], "replace")'] })).toThrow('merge_maps takes "insert", "update" or "upsert"');
    expect(() => run({ trace_statements: ['replace_match(span.name, "[a", "x")'] })).toThrow(/invalid glob pattern "\[a": unclosed \[ class/);
  });

  it('says why a context cannot be inferred', () => {
    const problems = (config: TransformConfig) => {
      try {
        createTransformProcessor(config, 'processors.transform');
        return [];
      } catch (err) {
        return (err as Error).message.split('\n');
      }
    };
    expect(problems({ trace_statements: ['set(attributes["a"], 1)', 'set(log.body, "x")', { statements: ['set(name, "x")'], error_mode: 'loud' }] })).toEqual([
      'processors.transform.trace_statements[0]: cannot tell the context: prefix the paths with it (resource., scope., instrumentation_scope., span., spanevent.), e.g. span.attributes["k"]',
      'processors.transform.trace_statements[1]: paths starting "log." do not belong to traces (prefixes here: resource., scope., instrumentation_scope., span., spanevent.)',
      'processors.transform.trace_statements[2].error_mode: "loud" is not one of ignore, silent, propagate',
      'processors.transform.trace_statements[2].statements: cannot tell the context: prefix the paths with it (resource., scope., instrumentation_scope., span., spanevent.), e.g. span.attributes["k"]',
    ]);
    expect(problems({ metric_statements: ['set(datapoint.attributes["x"], metric.nonsense)'] })[0]).toMatch(/^processors\.transform\.metric_statements\[0\]\.statements\[0\]: unknown path "metric\.nonsense" in the datapoint context/);
  });

  it('names every bad statement, condition and context', () => {
    let message = '';
    try {
      createTransformProcessor(
        {
          trace_statements: [
            { context: 'span', conditions: ['bogus == 1'], statements: ['set(attributes["a"], 1)', 'rename(attributes, "a")', 'set(duration, 5)', 'set(kind, 2)', 'delete_key(name, "x")', 'replace_pattern(attributes["a"], "(", "")'] },
            { context: 'log', statements: ['set(attributes["a"], 1)'] },
            { context: 'span', statements: [] },
          ],
        },
        'processors.transform',
      );
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message.split('\n');
    expect(lines[0]).toMatch(/^processors\.transform\.trace_statements\[0\]\.conditions\[0\]: unknown path "bogus" in the span context/);
    expect(lines[1]).toMatch(/^processors\.transform\.trace_statements\[0\]\.statements\[1\]: expected an editor \(set, delete_key, /);
    expect(lines[2]).toMatch(/^processors\.transform\.trace_statements\[0\]\.statements\[2\]: unknown path "duration" in the span context/);
    expect(lines[3]).toMatch(/^processors\.transform\.trace_statements\[0\]\.statements\[3\]: cannot write "kind" in the span context \(writable: resource\.attributes\["…"\], .*name, status\.code, status\.message\)/);
    expect(lines[4]).toMatch(/^processors\.transform\.trace_statements\[0\]\.statements\[4\]: "name" is not an attribute map of the span context/);
    expect(lines[5]).toMatch(/^processors\.transform\.trace_statements\[0\]\.statements\[5\]: invalid regular expression "\("/);
    expect(lines[6]).toBe('processors.transform.trace_statements[1].context: "log" is not one of span, spanevent, resource, scope');
    expect(lines[7]).toBe('processors.transform.trace_statements[2].statements: give at least one statement');
    expect(lines).toHaveLength(8);
  });
});
