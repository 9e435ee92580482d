import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getJson, startTestStack, type TestStack } from './helpers.js';

/**
 * The shipped otel-config.yaml with the contrib-style processors before genai: filter (health checks,
 * debug logs), resource (every signal), attributes (mapping one service's home-grown keys onto the
 * GenAI conventions) and redaction (traces and logs).
 */
function configWithProcessors(): string {
  const shipped = readFileSync(new URL('../../otel-config.yaml', import.meta.url), 'utf8');
  const redaction = `processors:
  probabilistic_sampler: { sampling_percentage: 100, hash_seed: 22 }
  filter/noise:
    trace_conditions: ['IsMatch(span.name, "^GET /(health|ready)")']
    log_conditions: ['log.severity_number < SEVERITY_NUMBER_INFO and log.severity_number != SEVERITY_NUMBER_UNSPECIFIED']
  redaction:
    allow_all_keys: true
    blocked_key_patterns: [".*api_key.*"]
    blocked_values:
      - "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\\\.[A-Za-z]{2,}"
      - "4[0-9]{12}(?:[0-9]{3})?"
    summary: debug
  resource:
    attributes:
      - { key: deployment.environment, value: staging, action: upsert }
  transform:
    trace_statements:
      - 'set(span.attributes["app.region"], "eu") where resource.attributes["service.name"] == "legacy-bot"'
      - context: span
        conditions: ['resource.attributes["service.name"] == "other-bot"']
        statements:
          - 'set(attributes["app.tier"], "gold")'
          - 'replace_pattern(attributes["myapp.customer"], "^acme-(\\d+)$", "customer-$1")'
  attributes/legacy:
    include: { match_type: strict, services: [legacy-bot] }
    actions:
      - { key: gen_ai.operation.name, value: chat, action: insert }
      - { key: gen_ai.provider.name, value: openai, action: insert }
      - { key: gen_ai.request.model, from_attribute: myapp.model, action: insert }
      - { key: gen_ai.usage.input_tokens, from_attribute: myapp.prompt_tokens, action: insert }
      - { key: gen_ai.usage.output_tokens, from_attribute: myapp.completion_tokens, action: insert }
      - { key: myapp.customer, action: hash }
`;
  const text = shipped
    .replace(/^processors:\n/m, redaction)
    .replace('processors: [media, limits, genai,', 'processors: [media, limits, probabilistic_sampler, filter/noise, resource, transform, attributes/legacy, redaction, genai,')
    .replace(/(    logs:\n      receivers: \[otlp\]\n      processors: \[media)\]/, '$1, filter/noise, resource, redaction]');
  if (!text.includes('probabilistic_sampler, filter/noise, resource, transform, attributes/legacy, redaction, genai,') || !text.includes('processors: [media, filter/noise, resource, redaction]')) throw new Error('otel-config.yaml changed shape: update this test');
  return text;
}

let stack: TestStack;
let traceId = '';
let spanId = '';
let healthTraceId = '';
let unsampledTraceId = '';
const legacySpans: Record<string, string> = {};

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchllm-redaction-'));
  writeFileSync(join(dir, 'otel-config.yaml'), configWithProcessors());
  stack = await startTestStack(join(dir, 'data'), { WATCHLLM_CONFIG: join(dir, 'otel-config.yaml') });

  const resource = resourceFromAttributes({ 'service.name': 'support-bot' });
  const tracer = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${stack.otlpHttp}/v1/traces` }))] });
  const span = tracer.getTracer('app').startSpan('chat gpt-4o-mini', {
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 10,
      'openai.api_key': 'sk-live-123',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'I am jane.doe@example.com, card 4111111111111111. Refund?' }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Refund sent, Jane.' }], finish_reason: 'stop' }]),
    },
  });
  span.end();
  ({ traceId, spanId } = span.spanContext());
  const health = tracer.getTracer('app').startSpan('GET /health');
  health.end();
  healthTraceId = health.spanContext().traceId;
  // Kept by a 100 % sampler unless its priority says otherwise.
  const unsampled = tracer.getTracer('app').startSpan('debug dump', { attributes: { 'sampling.priority': 0 } });
  unsampled.end();
  unsampledTraceId = unsampled.spanContext().traceId;
  await tracer.forceFlush();
  await tracer.shutdown();

  // Another service's spans with its own keys: only `legacy-bot` is selected by attributes/legacy.
  for (const service of ['legacy-bot', 'other-bot']) {
    const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${stack.otlpHttp}/v1/traces` }))] });
    const legacy = provider.getTracer('home-grown').startSpan('llm call', { attributes: { 'myapp.model': 'gpt-4o-mini', 'myapp.prompt_tokens': 1000, 'myapp.completion_tokens': 200, 'myapp.customer': 'acme-42' } });
    legacy.end();
    legacySpans[service] = legacy.spanContext().traceId;
    await provider.forceFlush();
    await provider.shutdown();
  }

  const logger = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${stack.otlpHttp}/v1/logs` }) })] });
  logger.getLogger('app').emit({
    context: trace.setSpanContext(ROOT_CONTEXT, span.spanContext()),
    eventName: 'gen_ai.user.message',
    body: { role: 'user', content: 'write to jane.doe@example.com' },
    attributes: { 'user.email': 'jane.doe@example.com' },
  });
  logger.getLogger('app').emit({ severityNumber: SeverityNumber.DEBUG, body: 'cache warmed' });
  await logger.forceFlush();
  await logger.shutdown();
});
afterAll(() => stack?.running.shutdown());

describe('contrib-style processors in the pipeline (real OTLP exporters)', () => {
  it('stores spans with blocked values and keys masked, GenAI fields still filled from the rest', async () => {
    const { status, body } = await getJson(`${stack.api}/api/v1/traces/${traceId}`);
    expect(status).toBe(200);
    const span = body.spans.find((s: any) => s.spanId === spanId);
    expect(span.attributes['openai.api_key']).toBe('****');
    expect(span.attributes['redaction.masked.keys']).toBe('gen_ai.input.messages,openai.api_key');
    expect(span.attributes['redaction.masked.count']).toBe(2);
    expect(span.genAi.inputMessages[0].parts[0].content).toBe('I am ****, card ****. Refund?');
    expect(span.genAi.outputMessages[0].parts[0].content).toBe('Refund sent, Jane.');
    expect(span.genAi).toMatchObject({ requestModel: 'gpt-4o-mini', inputTokens: 40, outputTokens: 10 });
    expect(span.genAi.costUsd).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toContain('example.com');
    expect(span.resourceAttributes['deployment.environment']).toBe('staging');
  });

  it("maps one service's home-grown keys onto the GenAI conventions, so its calls get model, tokens and cost", async () => {
    const read = async (service: string) => (await getJson(`${stack.api}/api/v1/traces/${legacySpans[service]}`)).body.spans[0];
    const mapped = await read('legacy-bot');
    expect(mapped.genAi).toMatchObject({ operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 200, stepType: 'llm' });
    expect(mapped.genAi.costUsd).toBeGreaterThan(0);
    expect(mapped.attributes['myapp.customer']).toBe(createHash('sha256').update('acme-42').digest('hex'));
    const untouched = await read('other-bot');
    expect(untouched.genAi?.requestModel ?? null).toBeNull();
    // transform ran on other-bot's spans only (its condition), before attributes/legacy would have hashed nothing there.
    expect(untouched.attributes['myapp.customer']).toBe('customer-42');
    expect(untouched.attributes['app.tier']).toBe('gold');
    expect(mapped.attributes['app.tier']).toBeUndefined();
    // A bare statement (contrib 0.120+ form): its context inferred from the span. prefix.
    expect([mapped.attributes['app.region'], untouched.attributes['app.region']]).toEqual(['eu', undefined]);
    expect(untouched.resourceAttributes['deployment.environment']).toBe('staging');
  });

  it('masks log records, body fields included, and full-text search no longer finds the value', async () => {
    const { body } = await getJson(`${stack.api}/api/v1/logs?traceId=${traceId}`);
    expect(body.logs).toHaveLength(1);
    expect(body.logs[0].body).toEqual({ role: 'user', content: 'write to ****' });
    expect(body.logs[0].attributes).toMatchObject({ 'user.email': '****', 'redaction.body.masked.keys': 'content', 'redaction.masked.keys': 'user.email' });
    const found = await getJson(`${stack.api}/api/v1/traces?q=${encodeURIComponent('jane.doe')}`);
    expect(found.body.traces).toEqual([]);
    const plain = await getJson(`${stack.api}/api/v1/traces?q=refund`);
    expect(plain.body.traces.map((t: any) => t.traceId)).toEqual([traceId]);
  });

  it('drops what the filter conditions match: acknowledged, not stored', async () => {
    expect((await getJson(`${stack.api}/api/v1/traces/${healthTraceId}`)).status).toBe(404);
    expect((await getJson(`${stack.api}/api/v1/traces/${unsampledTraceId}`)).status).toBe(404);
    const logs = await getJson(`${stack.api}/api/v1/logs?service=support-bot`);
    expect(logs.body.logs.map((l: any) => l.eventName)).toEqual(['gen_ai.user.message']);
  });

  it('counts what it removed, masked or dropped in /metrics', async () => {
    const text = await (await fetch(`${stack.api}/metrics`)).text();
    expect(text).toMatch(/^watchllm_processor_filtered_items_total\{signal="traces"\} 1$/m);
    expect(text).toMatch(/^watchllm_processor_sampled_out_items_total\{signal="traces"\} 1$/m);
    expect(text).toMatch(/^watchllm_processor_filtered_items_total\{signal="logs"\} 1$/m);
    expect(text).toMatch(/^watchllm_redaction_attributes_total\{signal="traces",action="masked"\} 2$/m);
    expect(text).toMatch(/^watchllm_redaction_attributes_total\{signal="logs",action="masked"\} 2$/m);
  });
});
