import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as HttpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { getJson, startTestStack, type TestStack } from './helpers.js';

let stack: TestStack;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.running.shutdown());

/** Emits a span-tied GenAI event with a structured body and typed attributes, and a plain warning, through `exporter`. */
async function emit(exporter: LogRecordExporter, transport: string, service: string): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'host.cpus': 8 }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('genai-events', '0.9.0');
  // Times set apart: records of the same millisecond have no order of their own (paging breaks the tie by content).
  const now = Date.now();
  logger.emit({
    timestamp: now - 5,
    context: trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED }),
    eventName: 'gen_ai.user.message',
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: { role: 'user', content: 'What is OTLP?', parts: [1, 'two', true] },
    attributes: { transport, 'gen_ai.provider.name': 'openai', tokens: 12, cached: false, ratio: 0.5, tags: ['a', 'b'] },
  });
  logger.emit({ timestamp: now, severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'plain text body: Lisbon', attributes: { transport } });
  await provider.forceFlush();
  await provider.shutdown();
}

const logs = async (query: string) => {
  const { status, body } = await getJson(`${stack.api}/api/v1/logs?${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body as { logs: Record<string, any>[]; nextCursor: string | null };
};

describe('GET /api/v1/logs', () => {
  it.each([
    ['proto', 'svc-proto', () => new ProtoLogExporter({ url: `${stack.otlpHttp}/v1/logs` })],
    ['http-json', 'svc-json', () => new HttpJsonLogExporter({ url: `${stack.otlpHttp}/v1/logs` })],
  ])('reads back what the OTel %s exporter sent, values typed as sent', async (transport, service, exporter) => {
    await emit(exporter(), transport, service);
    const page = await logs(`service=${service}`);
    expect(page.logs).toHaveLength(2);
    const [warning, event] = page.logs; // newest first
    expect(event).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: 1,
      severityText: 'INFO',
      severityNumber: 9,
      serviceName: service,
      eventName: 'gen_ai.user.message',
      body: { role: 'user', content: 'What is OTLP?', parts: [1, 'two', true] },
      attributes: { transport, 'gen_ai.provider.name': 'openai', tokens: 12, cached: false, ratio: 0.5, tags: ['a', 'b'] },
      resourceAttributes: { 'service.name': service, 'host.cpus': 8 },
      scope: { name: 'genai-events', version: '0.9.0' },
    });
    expect(event.timeUnixNano).toMatch(/^\d{19}$/);
    expect(warning).toMatchObject({ traceId: '', spanId: '', severityNumber: 13, severityText: 'WARN', body: 'plain text body: Lisbon', eventName: '' });
  });

  it('filters by trace, span, severity, event name, body text and attributes', async () => {
    const only = async (q: string) => (await logs(q)).logs.map((l) => `${l.serviceName}/${l.severityText}`).sort();
    expect(await only(`traceId=${TRACE_ID}`)).toEqual(['svc-json/INFO', 'svc-proto/INFO']);
    expect(await only(`traceId=${TRACE_ID.toUpperCase()}&spanId=${SPAN_ID}&service=svc-json`)).toEqual(['svc-json/INFO']);
    expect(await only('minSeverity=13')).toEqual(['svc-json/WARN', 'svc-proto/WARN']);
    expect(await only('eventName=gen_ai.user.message&attr.transport=proto')).toEqual(['svc-proto/INFO']);
    expect(await only('q=LISBON&attr.transport=http-json')).toEqual(['svc-json/WARN']);
    expect(await only('q=nowhere')).toEqual([]);
    expect(await only(`end=${Date.now() - 3_600_000}`)).toEqual([]);
  });

  it('pages newest first without skips or repeats', async () => {
    const all = (await logs('limit=1000')).logs;
    const seen: string[] = [];
    let cursor: string | null = '';
    do {
      const page = await logs(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.logs.map((l) => `${l.timeUnixNano}/${l.serviceName}/${l.severityText}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((l) => `${l.timeUnixNano}/${l.serviceName}/${l.severityText}`));
    expect(seen).toHaveLength(4);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('names the parameter that is wrong', async () => {
    for (const [q, message] of [
      ['traceId=xyz', /parameter traceId/],
      ['spanId=123', /parameter spanId/],
      ['minSeverity=25', /parameter minSeverity: must be at most 24/],
      ['cursor=nope', /parameter cursor/],
      ['level=1', /parameter level: unknown parameter/],
    ] as const) {
      const { status, body } = await getJson(`${stack.api}/api/v1/logs?${q}`);
      expect(status, q).toBe(400);
      expect(body.error, q).toMatch(message);
    }
  });
});

describe('GET /api/v1/logs/volume', () => {
  it('counts records per time bucket and severity level, with the list filters', async () => {
    const volume = async (q: string) => {
      const { status, body } = await getJson(`${stack.api}/api/v1/logs/volume?${q}`);
      expect(status, JSON.stringify(body)).toBe(200);
      return body as { step: number; series: { key: string; points: [number, number][] }[] };
    };
    const all = await volume('start=' + (Date.now() - 3_600_000));
    expect(all.step).toBe(60);
    expect(all.series.map((s) => s.key)).toEqual(['warn', 'info']);
    const total = (key: string) => all.series.find((s) => s.key === key)!.points.reduce((n, [, c]) => n + c, 0);
    expect([total('warn'), total('info')]).toEqual([2, 2]);
    for (const s of all.series) for (const [t] of s.points) expect(t % 60_000).toBe(0);
    expect((await volume('service=svc-json&q=lisbon&step=5m')).series.map((s) => [s.key, s.points.reduce((n, [, c]) => n + c, 0)])).toEqual([['warn', 1]]);
    const { status, body } = await getJson(`${stack.api}/api/v1/logs/volume?step=1s`);
    expect(status).toBe(400);
    expect(body.error).toMatch(/parameter step: must be a multiple of 60s/);
  });
});
