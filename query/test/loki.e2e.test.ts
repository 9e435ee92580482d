import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber, type LogRecord } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { rng } from '../../collector/test/mutations.js';
import { startTestStack, type TestStack } from './helpers.js';

// Grafana's Loki datasource as it calls the API: health check, label browser, Explore (log
// lines, log volume), trace-to-logs. Log records come from the real OTel proto exporter.
let stack: TestStack;
const TRACE_ID = '5bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '10f067aa0ba902b7';
let sentAtNs: bigint;

beforeAll(async () => {
  stack = await startTestStack();
  sentAtNs = BigInt(Date.now()) * 1_000_000n;
  for (const [service, env] of [
    ['checkout', 'prod'],
    ['planner', 'staging'],
  ]) {
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': env, 'host.name': 'box-1' }),
      processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${stack.otlpHttp}/v1/logs` }) })],
    });
    const logger = provider.getLogger('app-log', '1.2.0');
    // Times set apart: records of the same millisecond have no order of their own.
    const now = Date.now();
    logger.emit({ timestamp: now - 20, severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: `${service} started`, attributes: { 'http.route': '/start' } });
    logger.emit({
      timestamp: now - 10,
      context: trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED }),
      severityNumber: SeverityNumber.ERROR,
      severityText: 'ERROR',
      body: `${service}: payment failed: upstream timeout`,
      attributes: { 'gen_ai.request.model': 'gpt-4o', retries: 3 },
    });
    logger.emit({ timestamp: now, severityNumber: SeverityNumber.WARN, body: `${service} slow answer "quoted"`, attributes: { retries: 1 } });
    await provider.forceFlush();
    await provider.shutdown();
  }
});
afterAll(() => stack.running.shutdown());

async function loki(path: string, params: Record<string, string | string[]> = {}, headers: Record<string, string> = {}) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) search.append(k, one);
  const res = await fetch(`${stack.api}/loki/api/v1/${path}?${search}`, { headers });
  const text = await res.text();
  return { status: res.status, text, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined };
}

/** Log records of one service, sent by the OTel proto exporter. */
async function emitRecords(service: string, records: LogRecord[]): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${stack.otlpHttp}/v1/logs` }) })],
  });
  const logger = provider.getLogger(service);
  for (const r of records) logger.emit(r);
  await provider.forceFlush();
  await provider.shutdown();
}

const window = () => ({ start: String(sentAtNs - 60_000_000_000n), end: String(BigInt(Date.now()) * 1_000_000n + 1_000_000_000n) });

async function lines(query: string, extra: Record<string, string> = {}): Promise<string[]> {
  const { status, body, text } = await loki('query_range', { query, limit: '100', ...window(), ...extra });
  expect(status, text).toBe(200);
  expect(body.data.resultType).toBe('streams');
  return body.data.result.flatMap((s: { values: [string, string][] }) => s.values.map((v) => v[1])).sort();
}

describe('Loki API (Grafana Loki datasource)', () => {
  it('answers the datasource health check and buildinfo', async () => {
    const { status, body } = await loki('query', { query: 'vector(1)+vector(1)', time: String(Date.now() * 1_000_000) });
    expect(status).toBe(200);
    expect(body.data.resultType).toBe('vector');
    expect(body.data.result).toEqual([{ metric: {}, value: [expect.any(Number), '2'] }]);
    expect((await loki('status/buildinfo')).body.version).toMatch(/^3\./);
  });

  it('lists stream labels and their values for the label browser', async () => {
    const labels = await loki('labels', window());
    expect(labels.body.status).toBe('success');
    expect(labels.body.data).toEqual(['deployment_environment', 'service_name']);
    expect((await loki('label/service_name/values', window())).body.data).toEqual(['checkout', 'planner']);
    expect((await loki('label/deployment_environment/values', { ...window(), query: '{service_name="planner"}' })).body.data).toEqual(['staging']);
    const series = await loki('series', { ...window(), 'match[]': '{deployment_environment="prod"}' });
    expect(series.body.data).toEqual([{ service_name: 'checkout', deployment_environment: 'prod' }]);
    expect((await loki('index/stats', { ...window(), query: '{service_name="checkout"}' })).body).toMatchObject({ streams: 1, entries: 3 });
    const volume = await loki('index/volume', { ...window(), query: '{service_name=~".+"}' });
    const bytes = (service: string) => ['started', ': payment failed: upstream timeout', ' slow answer "quoted"'].reduce((n, tail) => n + service.length + tail.length + (tail === 'started' ? 1 : 0), 0);
    expect(volume.body.data.result.map((r: any) => [r.metric, r.value[1]])).toEqual([
      [{ service_name: 'checkout' }, String(bytes('checkout'))],
      [{ service_name: 'planner' }, String(bytes('planner'))],
    ]);
    const byEnv = await loki('index/volume', { ...window(), query: '{service_name="planner"}', targetLabels: 'deployment_environment' });
    expect(byEnv.body.data.result.map((r: any) => r.metric)).toEqual([{ deployment_environment: 'staging' }]);
  });

  it('returns log lines newest first with the record as labels, filtered by selectors and pipelines', async () => {
    const { body } = await loki('query_range', { query: '{service_name="checkout"}', ...window() });
    const entries = body.data.result.flatMap((s: any) => s.values.map((v: [string, string]) => ({ ts: v[0], line: v[1], labels: s.stream })));
    expect(entries).toHaveLength(3);
    expect(entries.map((e: any) => BigInt(e.ts))).toEqual(entries.map((e: any) => BigInt(e.ts)).sort((a: bigint, b: bigint) => (a > b ? -1 : 1)));
    const failed = entries.find((e: any) => e.line.includes('payment failed'));
    expect(failed.ts).toMatch(/^\d{19}$/);
    expect(failed.labels).toMatchObject({
      service_name: 'checkout',
      deployment_environment: 'prod',
      host_name: 'box-1',
      detected_level: 'error',
      severity_text: 'ERROR',
      trace_id: TRACE_ID,
      span_id: SPAN_ID,
      scope_name: 'app-log',
      gen_ai_request_model: 'gpt-4o',
      retries: '3',
    });

    expect(await lines('{service_name=~"check.*|plan.*"} |= "timeout"')).toEqual(['checkout: payment failed: upstream timeout', 'planner: payment failed: upstream timeout']);
    expect(await lines('{deployment_environment!="prod"} != "timeout" != "started"')).toEqual(['planner slow answer "quoted"']);
    expect(await lines('{service_name="planner"} |~ "(?i)STARTED|SLOW"')).toHaveLength(2);
    expect(await lines('{service_name="planner"} |= "started" or "slow"')).toHaveLength(2);
    expect(await lines('{service_name="planner"} |= `"quoted"`')).toEqual(['planner slow answer "quoted"']);
    expect(await lines('{service_name="checkout"} | detected_level="warn"')).toEqual(['checkout slow answer "quoted"']);
    expect(await lines('{service_name=~".+"} | retries > 2')).toHaveLength(2);
    // Label names stand for dotted attribute keys, of the record or of its resource.
    expect(await lines('{service_name="checkout"} | gen_ai_request_model="gpt-4o"')).toEqual(['checkout: payment failed: upstream timeout']);
    expect(await lines('{service_name="checkout"} | host_name="box-1"')).toHaveLength(3);
    expect(await lines('{service_name="checkout"} | http_route=~"/st.*"')).toEqual(['checkout started']);
    expect(await lines('{service_name="checkout"}', { direction: 'forward', limit: '1' })).toEqual(['checkout started']);
    expect(await lines('{service_name="nobody"}')).toEqual([]);
  });

  it('finds a trace\'s log lines (trace to logs) and splits structured metadata when asked to', async () => {
    expect(await lines(`{service_name=~".+"} | trace_id="${TRACE_ID}"`)).toHaveLength(2);
    expect(await lines(`{service_name="checkout"} |= "${TRACE_ID}"`)).toEqual([]); // a line filter reads the line only, as in Loki
    // What Grafana 10–11's trace-to-logs sends with "filter by trace ID" / "filter by span ID".
    const traceToLogs =
      `{service_name="checkout"} | label_format log_line_contains_trace_id=\`{{ contains "${TRACE_ID}" __line__  }}\` | log_line_contains_trace_id="true" or trace_id="${TRACE_ID}"` +
      ` | label_format log_line_contains_span_id=\`{{ contains "${SPAN_ID}" __line__  }}\` | log_line_contains_span_id="true" or span_id="${SPAN_ID}"`;
    expect(await lines(traceToLogs)).toEqual(['checkout: payment failed: upstream timeout']);
    expect(await lines('{service_name="planner"} | label_format slow=`{{ contains "slow" __line__ }}` | slow="true"')).toEqual(['planner slow answer "quoted"']);
    const made = await loki('query_range', { query: '{service_name="planner"} | label_format slow=`{{ contains "slow" __line__ }}`', ...window() });
    expect(made.body.data.result.map((s: any) => [s.stream.slow, s.values[0][1]]).sort()).toEqual([
      ['false', 'planner started'],
      ['false', 'planner: payment failed: upstream timeout'],
      ['true', 'planner slow answer "quoted"'],
    ]);
    expect(await lines('{service_name="planner"} | detected_level="warn" or detected_level="info", severity_text="INFO"')).toHaveLength(2);
    const { body } = await loki('query_range', { query: `{service_name="checkout"} | span_id="${SPAN_ID}" | drop host_name`, ...window() }, { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' });
    expect(body.data.encodingFlags).toEqual(['categorize-labels']);
    expect(body.data.result).toHaveLength(1);
    const [stream] = body.data.result;
    expect(stream.stream).toEqual({ service_name: 'checkout', deployment_environment: 'prod' });
    const [[, line, meta]] = stream.values;
    expect(line).toBe('checkout: payment failed: upstream timeout');
    expect(meta.structuredMetadata).toMatchObject({ trace_id: TRACE_ID, detected_level: 'error' });
    expect(meta.structuredMetadata.host_name).toBeUndefined();
  });

  it('computes log volume and rates as Grafana asks for them', async () => {
    const endNs = BigInt(Date.now()) * 1_000_000n + 1_000_000_000n;
    const params = { start: String(endNs - 3_600_000_000_000n), end: String(endNs), step: '60' };
    const volume = await loki('query_range', { query: 'sum by (detected_level) (count_over_time({service_name=~".+"} | drop __error__[1h]))', ...params });
    expect(volume.status, volume.text).toBe(200);
    expect(volume.body.data.resultType).toBe('matrix');
    const last = (metric: Record<string, string>) => {
      const s = volume.body.data.result.find((r: any) => JSON.stringify(r.metric) === JSON.stringify(metric));
      return s?.values.at(-1);
    };
    expect(last({ detected_level: 'error' })).toEqual([Number(endNs) / 1e9, '2']);
    expect(last({ detected_level: 'info' })?.[1]).toBe('2');
    expect(last({ detected_level: 'warn' })?.[1]).toBe('2');
    // Each point counts the hour before it: a record sent now counts from its minute on, and not before.
    const errors = volume.body.data.result.find((r: any) => r.metric.detected_level === 'error');
    expect(errors.values.length).toBeLessThanOrEqual(3);

    const total = await loki('query', { query: 'sum(count_over_time({service_name="checkout"}[1h]))', time: String(endNs) });
    expect(total.body.data.result).toEqual([{ metric: {}, value: [Number(endNs) / 1e9, '3'] }]);
    const perService = await loki('query', { query: 'count by (service_name) (rate({service_name=~".+"} |= "timeout" [1m]))', time: String(endNs) });
    expect(perService.body.data.result.map((r: any) => [r.metric, r.value[1]])).toEqual([
      [{ service_name: 'checkout' }, '1'],
      [{ service_name: 'planner' }, '1'],
    ]);
    const bytes = await loki('query', { query: 'sum by (service_name) (bytes_over_time({service_name="planner"} |= "started" [1h]))', time: String(endNs) });
    expect(bytes.body.data.result[0].value[1]).toBe(String('planner started'.length));
  });

  it('counts a record at the points whose range covers it: t - range < time <= t', async () => {
    const { body } = await loki('query_range', { query: '{service_name="planner"} |= "started"', ...window() });
    const at = BigInt(body.data.result[0].values[0][0]);
    const count = async (t: bigint) => {
      const res = await loki('query', { query: 'sum(count_over_time({service_name="planner"} |= "started" [1m]))', time: String(t) });
      return res.body.data.result[0]?.value[1] ?? 'none';
    };
    const minute = 60_000_000_000n;
    expect([await count(at - 1n), await count(at), await count(at + minute - 1n), await count(at + minute)]).toEqual(['none', '1', '1', 'none']);
    // A step finer than the range: of the points at-30s … at+90s, the record shows at `at` and at+30s.
    const steps = await loki('query_range', { query: 'count_over_time({service_name="planner"} |= "started" [1m])', start: String(at - 30_000_000_000n), end: String(at + 90_000_000_000n), step: '30s' });
    expect(steps.body.data.result).toHaveLength(1);
    expect(steps.body.data.result[0].values).toEqual([0n, 30n].map((s) => [Number(at + s * 1_000_000_000n) / 1e9, '1']));
  });

  it('refuses what it cannot answer with a plain-text 400 naming the problem', async () => {
    for (const [path, params, message] of [
      ['query_range', { query: '{service_name="x"' }, /parse error at col 18: expected ",", found end of query/],
      ['query_range', { query: 'sum(count_over_time({service_name="x"} | distinct a [5m]))' }, /distinct keeps the first line per value in log queries/],
      ['query_range', { query: '{service_name="x"} | regexp "(a)(b)"' }, /regexp needs at least one named group/],
      ['query_range', { query: '{service_name="x"} | label_format a=`{{ .b | toJson }}`' }, /the function toJson is not supported/],
      ['query_range', {}, /query is required/],
      ['query_range', { query: '{a="b"}', start: 'yesterday' }, /start must be a unix time/],
      ['query_range', { query: 'count_over_time({a="b"}[5m])', start: '0', end: '100000', step: '1' }, /maximum resolution/],
      ['query_range', { query: '{a="b"} |~ "("' }, /invalid regular expression/],
      ['query', { query: 'sum(count_over_time({a="b"}[99999999y]))' }, /invalid range 99999999y/],
      ['query', { query: '{a="b"}' }, /use \/loki\/api\/v1\/query_range/],
      ['series', {}, /match\[\] is required/],
    ] as const) {
      const res = await loki(path, params as Record<string, string>);
      expect(res.status, `${path} ${JSON.stringify(params)}: ${res.text}`).toBe(400);
      expect(res.text).toMatch(message);
    }
  });

  it('answers 1,200 mutated queries and parameters with 200 or a plain-text 400, never a 5xx', async () => {
    const r = rng(20261205);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    const seeds = [
      '{service_name="checkout"} |= "timeout" | detected_level=~"err.*" | retries > 1 | drop host_name',
      'sum by (detected_level) (count_over_time({service_name=~".+"} | drop __error__[5m]))',
      'avg without (pod) (rate({a!~"x|y"} != "z" or "w" [1h]))',
      '{a="b"} | label_format x=`{{ contains "q" __line__ }}` | x="true" or trace_id="1"',
      'vector(1)+vector(1)',
      'sum by (job) (rate({service_name="worker"} | logfmt | level="error" [5m])) / sum by (job) (rate({service_name="worker"} | logfmt [5m])) * 100 - 1',
      'sum by (role) (rate({service_name=~"c.*"} | json | tokens >= 2 or role=~"a.*" [5m]))',
      '{service_name="worker"} | logfmt | line_format "{{.job}} {{- .user -}} {{__line__}}" |~ "c.*" | label_format a="{{.b}}", c=d | a!=""',
      'max by (job) (avg_over_time({service_name="worker"} | logfmt | duration_ms > 5 | unwrap duration_ms [10m]))',
      'quantile_over_time(0.9, {service_name="worker"} | logfmt | unwrap duration_ms | __error__="" [5m]) by (job)',
      '{service_name="worker"} | logfmt | line_format `{{ .msg | trunc -3 | upper }} {{ substr 1 9 __line__ }} {{ default "x" .y }}` | label_format z=`{{ .job | alignLeft 9 }}`',
      'sum by (status) (rate({service_name="proxy"} | pattern "<ip> - <_> \\"<m> <p>\\" <status> <b>" | regexp `(?P<code>\\d)\\d\\d` [1m]))',
    ];
    const pieces = ['{', '}', '(', ')', '[', ']', '|', '=', '~', '!', '"', '`', ',', ' ', '.', '*', '+', '-', '/', '\\', '5m', 'by', 'or', 'sum', 'é', '\u0000'];
    const mutate = (q: string) => {
      const at = Math.floor(r() * (q.length + 1));
      switch (Math.floor(r() * 4)) {
        case 0:
          return q.slice(0, at) + q.slice(at + 1 + Math.floor(r() * 4));
        case 1:
          return q.slice(0, at) + pick(pieces) + q.slice(at);
        case 2:
          return q.slice(0, at) + q.slice(Math.floor(r() * q.length));
        default:
          return q + q.slice(at);
      }
    };
    const junk = ['', '0', '-1', '1e400', 'NaN', '9'.repeat(25), '2023-02-30T00:00:00Z', '1.5', '1d', '0.000001', 'now'];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1200; i++) {
      let query = pick(seeds);
      for (let m = 0; m < 1 + r() * 3; m++) query = mutate(query);
      const params: Record<string, string> = { query, ...window() };
      if (r() < 0.3) params[pick(['start', 'end', 'step', 'limit', 'direction', 'time', 'targetLabels'])] = pick(junk);
      const path = pick(['query_range', 'query_range', 'query', 'labels', 'label/service_name/values', 'series', 'index/stats', 'index/volume', 'detected_labels', 'detected_fields', 'detected_field/role/values', 'patterns']);
      if (path === 'series') params['match[]'] = query;
      const res = await loki(path, params);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status < 500, `${path} ${JSON.stringify(params)} → ${res.status} ${res.text}`).toBe(true);
      if (res.status === 400) expect(res.text.length).toBeGreaterThan(5);
    }
    expect([...statuses.keys()].sort()).toEqual([200, 400]);
  }, 120_000);

  it('binds every value: quotes and SQL in selectors and filters only fail to match', async () => {
    for (const query of [`{service_name="x' OR 1=1 --"}`, '{service_name="checkout"} |= "\'; DROP TABLE otel_logs; --"', '{service_name="checkout"} | retries=`1) OR (1=1`']) {
      expect(await lines(query)).toEqual([]);
    }
    expect(await lines('{service_name="checkout"}')).toHaveLength(3);
  });

  it('extracts a JSON body\'s fields as labels with | json (GenAI content events)', async () => {
    const now = Date.now();
    await emitRecords('chatbot', [
      { timestamp: now - 10, eventName: 'gen_ai.user.message', body: JSON.stringify({ role: 'user', content: 'Hi', tokens: 12 }) },
      { timestamp: now, eventName: 'gen_ai.choice', body: JSON.stringify({ role: 'assistant', content: 'Hello!', tokens: 30, service_name: 'spoofed' }) },
      { timestamp: now, body: 'not json at all' },
    ]);
    expect(await lines('{service_name="chatbot"} | json | role="assistant"')).toEqual([JSON.stringify({ role: 'assistant', content: 'Hello!', tokens: 30, service_name: 'spoofed' })]);
    expect(await lines('{service_name="chatbot"} | json | tokens > 20')).toHaveLength(1);
    const { body } = await loki('query_range', { query: '{service_name="chatbot"} | json | role="user"', ...window() });
    expect(body.data.result[0].stream).toMatchObject({ role: 'user', content: 'Hi', tokens: '12', service_name: 'chatbot' });
    const spoof = await loki('query_range', { query: '{service_name="chatbot"} | json | role="assistant"', ...window() });
    expect(spoof.body.data.result[0].stream.service_name).toBe('chatbot'); // a record's own label wins over a body field
    const byRole = await loki('query', { query: 'sum by (role) (count_over_time({service_name="chatbot"} | json [1h]))', time: String(BigInt(Date.now()) * 1_000_000n + 1_000_000_000n) });
    // Logs Drilldown's label and field pickers over the same records.
    const labels = await loki('detected_labels', { query: '{service_name="chatbot"}', ...window() });
    expect(labels.body.detectedLabels).toEqual([{ label: 'service_name', cardinality: 1 }]);
    const fields = await loki('detected_fields', { query: '{service_name="chatbot"}', ...window() });
    const byLabel = Object.fromEntries(fields.body.fields.map((f: any) => [`${f.label}/${f.parsers?.[0] ?? 'metadata'}`, f]));
    expect(byLabel['role/json']).toMatchObject({ type: 'string', cardinality: 2, parsers: ['json'], jsonPath: ['role'] });
    expect(byLabel['tokens/json']).toMatchObject({ type: 'int', cardinality: 2 });
    expect(byLabel['event_name/metadata']).toMatchObject({ type: 'string', cardinality: 2, parsers: null });
    expect((await loki('detected_field/role/values', { query: '{service_name="chatbot"}', ...window() })).body.values).toEqual(['assistant', 'user']);
    expect(byRole.body.data.result.map((r: any) => [r.metric.role ?? null, r.value[1]]).sort()).toEqual([
      ['assistant', '1'],
      ['user', '1'],
      [null, '1'],
    ].sort());
  });

  it('parses logfmt lines, rewrites lines with line_format and sets labels with label_format', async () => {
    const now = Date.now();
    await emitRecords('worker', [
      { timestamp: now - 30, severityNumber: SeverityNumber.INFO, body: 'level=info msg="job done" job=embed duration_ms=120 user=ana' },
      { timestamp: now - 20, severityNumber: SeverityNumber.ERROR, body: 'level=error msg="rate limited" job=chat duration_ms=2300 user=bo' },
      { timestamp: now - 10, body: JSON.stringify({ role: 'user', content: 'a=b c=d' }) },
    ]);
    const worker = '{service_name="worker"}';
    expect(await lines(`${worker} | logfmt | job="chat"`)).toEqual(['level=error msg="rate limited" job=chat duration_ms=2300 user=bo']);
    expect(await lines(`${worker} | logfmt | duration_ms > 1000 or msg="job done"`)).toHaveLength(2);
    // A JSON body is not read as logfmt (the "=" inside its strings are text).
    expect(await lines(`${worker} | logfmt | a="b"`)).toEqual([]);
    // line_format: the line is the template rendered with the line's labels; later line filters see the new line.
    expect(await lines(`${worker} | logfmt | line_format "{{.job}} took {{ .duration_ms }}ms for {{.user}}" |= "chat"`)).toEqual(['chat took 2300ms for bo']);
    expect(await lines(`${worker} | json | line_format "{{.role}}: {{.content}}" | logfmt | c="d"`)).toEqual(['user: a=b c=d']);
    expect(await lines(`${worker} | logfmt | job="embed" | line_format "[{{ .missing }}] {{__line__}}"`)).toEqual(['[] level=info msg="job done" job=embed duration_ms=120 user=ana']);
    // Template functions, piped or prefixed.
    expect(await lines(`${worker} | logfmt | job="chat" | line_format \`{{ .msg | upper }}|{{ trunc 4 .user | default "?" }}|{{ .job | alignRight 6 }}|{{ .level | trimPrefix "err" | title }}|{{ substr 0 5 __line__ }}|{{ .msg | replace " " "_" }}\``)).toEqual([
      'RATE LIMITED|bo|  chat|Or|level|rate_limited',
    ]);
    // distinct: the newest line per value.
    expect(await lines(`${worker} | logfmt | distinct level`)).toEqual([JSON.stringify({ role: 'user', content: 'a=b c=d' }), 'level=error msg="rate limited" job=chat duration_ms=2300 user=bo', 'level=info msg="job done" job=embed duration_ms=120 user=ana'].sort());
    expect(await lines(`${worker} | logfmt | level != "" | distinct service_name`)).toEqual(['level=error msg="rate limited" job=chat duration_ms=2300 user=bo']);
    // keep: only the named labels show (streams merge on them); decolorize and unpack rewrite the line.
    const kept = await loki('query_range', { query: `${worker} | logfmt | keep job, level`, ...window() });
    expect(kept.body.data.result.map((r: any) => r.stream).sort((a: any, b: any) => String(a.job).localeCompare(String(b.job)))).toEqual([{ job: 'chat', level: 'error' }, { job: 'embed', level: 'info' }, {}]);
    const keptSeries = await loki('query', { query: `count_over_time(${worker} | logfmt | keep job [1h])`, time: String(BigInt(Date.now()) * 1_000_000n + 1_000_000_000n) });
    expect(keptSeries.body.data.result.map((r: any) => r.metric.job ?? null).sort()).toEqual(['chat', 'embed', null].sort());
    await emitRecords('packed', [
      { timestamp: now - 2, body: '\u001b[31mERROR\u001b[0m disk \u001b[1;33mfull\u001b[0m' },
      { timestamp: now - 1, body: JSON.stringify({ _entry: 'original line', pod: 'p-1' }) },
    ]);
    expect(await lines('{service_name="packed"} | decolorize |= "ERROR disk full"')).toEqual(['ERROR disk full']);
    const unpacked = await loki('query_range', { query: '{service_name="packed"} | unpack | pod="p-1"', ...window() });
    expect(unpacked.body.data.result.map((r: any) => r.values.map((v: any) => v[1])).flat()).toEqual(['original line']);
    expect(unpacked.body.data.result[0].stream).toMatchObject({ pod: 'p-1', service_name: 'packed' });
    expect(unpacked.body.data.result[0].stream._entry).toBeUndefined();
    // label_format: labels from templates, and renames (the old name leaves the output).
    const { body } = await loki('query_range', { query: `${worker} | logfmt | label_format who="{{.user}}/{{.job}}", kind=job | who="bo/chat"`, ...window() });
    expect(body.data.result).toHaveLength(1);
    expect(body.data.result[0].stream).toMatchObject({ who: 'bo/chat', kind: 'chat', service_name: 'worker' });
    expect(body.data.result[0].stream.job).toBeUndefined();
    // Metrics over parsed and formatted lines; bytes count the formatted line.
    const at = String(BigInt(Date.now()) * 1_000_000n + 1_000_000_000n);
    const byJob = await loki('query', { query: `sum by (job) (count_over_time(${worker} | logfmt [1h]))`, time: at });
    expect(byJob.body.data.result.map((r: any) => [r.metric.job ?? null, r.value[1]]).sort()).toEqual([['chat', '1'], ['embed', '1'], [null, '1']].sort());
    const bytes = await loki('query', { query: `sum(bytes_over_time(${worker} | logfmt | job="chat" | line_format "{{.job}}" [1h]))`, time: at });
    expect(bytes.body.data.result[0].value[1]).toBe('4');
    // pattern: captures between literals; a line it does not match gets none.
    await emitRecords('proxy', [
      { timestamp: now - 5, body: '10.0.0.7 - - [05/Dec/2026] "POST /v1/chat" 200 812' },
      { timestamp: now - 4, body: '10.0.0.9 - - [05/Dec/2026] "GET /health" 503 12' },
      { timestamp: now - 3, body: 'not an access log line' },
    ]);
    const proxy = '{service_name="proxy"} | pattern "<ip> - <_> [<_>] \\"<method> <path>\\" <status> <bytes>"';
    expect(await lines(`${proxy} | status >= 500`)).toEqual(['10.0.0.9 - - [05/Dec/2026] "GET /health" 503 12']);
    expect(await lines(`${proxy} | line_format "{{.method}} {{.path}} from {{.ip}}"`)).toEqual(['  from ', 'GET /health from 10.0.0.9', 'POST /v1/chat from 10.0.0.7']);
    const byStatus = await loki('query', { query: `sum by (status) (count_over_time(${proxy} [1h]))`, time: String(BigInt(Date.now()) * 1_000_000n + 1_000_000_000n) });
    expect(byStatus.body.data.result.map((r: any) => [r.metric.status ?? null, r.value[1]]).sort()).toEqual([['200', '1'], ['503', '1'], [null, '1']].sort());
    // Patterns (Logs Drilldown): tokens holding digits masked, counted per step, most frequent first.
    await emitRecords('proxy', [{ timestamp: now - 6, severityNumber: SeverityNumber.WARN, body: '10.0.0.8 - - [05/Dec/2026] "GET /health" 503 9' }]);
    const patterns = await loki('patterns', { query: '{service_name="proxy"}', ...window(), step: '60s' });
    expect(patterns.status, patterns.text).toBe(200);
    const byPattern = Object.fromEntries(patterns.body.data.map((p: any) => [p.pattern, p.samples.reduce((n: number, x: [number, number]) => n + x[1], 0)]));
    expect(byPattern).toEqual({ '<_> - - <_> "GET /health" <_> <_>': 2, '<_> - - <_> "POST <_> <_> <_>': 1, 'not an access log line': 1 });
    expect(patterns.body.data[0]).toMatchObject({ pattern: '<_> - - <_> "GET /health" <_> <_>', level: expect.any(String) });
    for (const p of patterns.body.data) for (const [t] of p.samples) expect(t % 60).toBe(0);
    // regexp: named groups found anywhere in the line.
    expect(await lines('{service_name="proxy"} | regexp `"(?P<method>\\w+) (?P<path>[^ "]+)" (?<status>\\d+)` | method="POST" | line_format "{{.path}} {{.status}}"')).toEqual(['/v1/chat 200']);
    const proxyBytes = await loki('query', { query: `sum(sum_over_time(${proxy} | unwrap bytes [1h]))`, time: String(BigInt(Date.now()) * 1_000_000n + 1_000_000_000n) });
    expect(proxyBytes.body.data.result[0].value[1]).toBe('833'); // 812 + 12 + 9
    // unwrap: each line's number (lines without one left out), summed, averaged, bounded, per second.
    const value = async (query: string) => {
      const res = await loki('query', { query, time: at });
      expect(res.status, res.text).toBe(200);
      return res.body.data.result.map((r: any) => [r.metric.job ?? null, Number(r.value[1])]).sort();
    };
    expect(await value(`sum by (job) (sum_over_time(${worker} | logfmt | unwrap duration_ms [1h]))`)).toEqual([['chat', 2300], ['embed', 120]]);
    expect(await value(`max(max_over_time(${worker} | logfmt | unwrap duration_ms [1h]))`)).toEqual([[null, 2300]]);
    expect(await value(`min(min_over_time(${worker} | logfmt | unwrap duration_ms [1h]))`)).toEqual([[null, 120]]);
    expect(await value(`avg(avg_over_time(${worker} | logfmt | unwrap duration_ms [1h]))`)).toEqual([[null, 1210]]);
    expect(await value(`sum(count_over_time(${worker} | logfmt | unwrap duration_ms [1h]))`)).toEqual([[null, 2]]);
    // Grouped unwrapped ranges aggregate every sample of a group (the average of 120 and 2300 is not per series).
    expect(await value(`avg_over_time(${worker} | logfmt | unwrap duration_ms | __error__="" [1h]) by (job)`)).toEqual([['chat', 2300], ['embed', 120]]);
    expect(await value(`avg_over_time(${worker} | logfmt | unwrap duration_ms [1h]) by ()`)).toEqual([[null, 1210]]);
    // Arithmetic between queries: the error share of the worker's lines, per job and overall; with a constant, every series.
    const errorShare = await value(`sum(count_over_time(${worker} | logfmt | level="error" [1h])) / sum(count_over_time(${worker} [1h])) * 100`);
    expect(errorShare).toHaveLength(1);
    expect(errorShare[0][1]).toBeCloseTo(100 / 3);
    expect(await value(`sum by (job) (count_over_time(${worker} | logfmt | level="error" [1h])) / sum by (job) (count_over_time(${worker} | logfmt [1h]))`)).toEqual([['chat', 1]]);
    expect(await value(`sum by (job) (count_over_time(${worker} | logfmt [1h])) + 10`)).toEqual([[null, 11], ['chat', 11], ['embed', 11]]);
    // Matching on some labels: each job's error lines over all of that job's lines (level differs on the left).
    expect(await value(`sum by (job, level) (count_over_time(${worker} | logfmt | level="error" [1h])) / on(job) sum by (job) (count_over_time(${worker} | logfmt [1h]))`)).toEqual([['chat', 1]]);
    expect(await value(`sum by (job, level) (count_over_time(${worker} | logfmt [1h])) / ignoring(level) sum by (job) (count_over_time(${worker} | logfmt [1h]))`)).toEqual([[null, 1], ['chat', 1], ['embed', 1]]);
    expect(await value(`sum by (job) (sum_over_time(${worker} | logfmt | unwrap duration_ms [1h])) > bool 1000`)).toEqual([['chat', 1], ['embed', 0]]);
    const manyToOne = await loki('query', { query: `sum by (job) (count_over_time(${worker} | logfmt [1h])) / ignoring(job) sum by (job) (count_over_time(${worker} | logfmt [1h]))`, time: at });
    expect(manyToOne.status).toBe(400);
    expect(manyToOne.text).toMatch(/many series on the right side/);
    // topk / bottomk: at each point, the highest (lowest) series of each group.
    expect(await value(`topk(1, sum by (job) (sum_over_time(${worker} | logfmt | unwrap duration_ms [1h])))`)).toEqual([['chat', 2300]]);
    expect(await value(`bottomk(1, sum by (job) (sum_over_time(${worker} | logfmt | unwrap duration_ms [1h])))`)).toEqual([['embed', 120]]);
    expect(await value(`topk by (job) (1, sum by (job, user) (sum_over_time(${worker} | logfmt | unwrap duration_ms [1h])))`)).toEqual([['chat', 2300], ['embed', 120]]);
    // Comparisons keep the samples that pass.
    expect(await value(`sum by (job) (count_over_time(${worker} | logfmt [1h])) > 0`)).toEqual([[null, 1], ['chat', 1], ['embed', 1]]);
    expect(await value(`sum by (job) (sum_over_time(${worker} | logfmt | unwrap duration_ms [1h])) >= 1000`)).toEqual([['chat', 2300]]);
    expect(await value(`1000 < sum by (job) (sum_over_time(${worker} | logfmt | unwrap duration_ms [1h]))`)).toEqual([['chat', 2300]]);
    const byZero = await loki('query', { query: `sum(count_over_time(${worker} [1h])) / 0`, time: at });
    expect(byZero.body.data.result[0].value[1]).toBe('+Inf');
    // First and last by time (embed came first), spread as Prometheus computes it (population).
    expect(await value(`first_over_time(${worker} | logfmt | unwrap duration_ms [1h]) by ()`)).toEqual([[null, 120]]);
    expect(await value(`last_over_time(${worker} | logfmt | unwrap duration_ms [1h]) by ()`)).toEqual([[null, 2300]]);
    expect(await value(`stddev_over_time(${worker} | logfmt | unwrap duration_ms [1h]) by ()`)).toEqual([[null, 1090]]);
    expect(await value(`stdvar_over_time(${worker} | logfmt | unwrap duration_ms [1h]) by ()`)).toEqual([[null, 1090 * 1090]]);
    // Conversions: Go durations in seconds, byte sizes in bytes; what they cannot read is left out.
    await emitRecords('timer', [
      { timestamp: now - 9, body: 'took=1m30s size="5 KiB"' },
      { timestamp: now - 8, body: 'took=250ms size=12' },
      { timestamp: now - 7, body: 'took=soon size=lots' },
    ]);
    expect(await value(`sum(sum_over_time({service_name="timer"} | logfmt | unwrap duration(took) [1h]))`)).toEqual([[null, 90.25]]);
    expect(await value(`sum(count_over_time({service_name="timer"} | logfmt | unwrap duration_seconds(took) [1h]))`)).toEqual([[null, 2]]);
    expect(await value(`sum(sum_over_time({service_name="timer"} | logfmt | unwrap bytes(size) [1h]))`)).toEqual([[null, 5132]]);
    // Quantiles interpolate between samples, as Prometheus does (the median of 120 and 2300 is 1210).
    expect(await value(`quantile_over_time(0.5, ${worker} | logfmt | unwrap duration_ms [1h]) by ()`)).toEqual([[null, 1210]]);
    expect(await value(`quantile_over_time(1, ${worker} | logfmt | unwrap duration_ms [1h]) by (job)`)).toEqual([['chat', 2300], ['embed', 120]]);
    // Over a range of steps, each sample counts at the points whose range covers it.
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const ranged = await loki('query_range', { query: `quantile_over_time(0.99, ${worker} | logfmt | unwrap duration_ms [2m]) by ()`, start: String(nowNs - 600_000_000_000n), end: String(nowNs + 60_000_000_000n), step: '60' });
    expect(ranged.status, ranged.text).toBe(200);
    const points = ranged.body.data.result[0].values.map((v: [number, string]) => Number(v[1]));
    expect(points.length).toBeGreaterThanOrEqual(2);
    for (const p of points) expect(p).toBeCloseTo(2300 - 0.01 * 2180, 5);
    const tooFine = await loki('query_range', { query: `quantile_over_time(0.9, ${worker} | logfmt | unwrap duration_ms [1h]) by ()`, start: String(nowNs - 600_000_000_000n), end: String(nowNs), step: '1' });
    expect(tooFine.status).toBe(400);
    expect(tooFine.text).toMatch(/quantile_over_time: a range covering \d+ steps is more than 200/);
    const [[, perSecond]] = await value(`sum(rate(${worker} | logfmt | unwrap duration_ms [1h]))`);
    expect(perSecond).toBeCloseTo(2420 / 3600);
    // The unwrapped label leaves the series' labels.
    const series = await loki('query', { query: `sum_over_time(${worker} | logfmt | job="chat" | unwrap duration_ms [1h])`, time: at });
    expect(series.body.data.result[0].metric).toMatchObject({ job: 'chat', user: 'bo' });
    expect(series.body.data.result[0].metric.duration_ms).toBeUndefined();
    // Logs Drilldown's field list names the parser each field needs.
    const fields = await loki('detected_fields', { query: worker, ...window() });
    const byLabel = Object.fromEntries(fields.body.fields.map((f: any) => [`${f.label}/${f.parsers?.[0] ?? 'metadata'}`, f]));
    expect(byLabel['duration_ms/logfmt']).toMatchObject({ type: 'int', cardinality: 2, parsers: ['logfmt'], jsonPath: [] });
    expect(byLabel['role/json']).toMatchObject({ parsers: ['json'] });
    expect(byLabel['a/logfmt']).toBeUndefined();
  });
});
