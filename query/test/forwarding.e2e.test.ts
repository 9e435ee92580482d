// The otlphttp exporter end to end: a WatchLLM whose pipelines tee every signal to a second WatchLLM
// over OTLP/HTTP. Real OTel SDK exporters send to the first; both must read back the same data.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRun, emitter, type AgentRun } from './genai-fixtures.js';
import { eventually, getJson, startTestStack, type TestStack } from './helpers.js';
import { startProcess, stopProcess, type WatchLLMProcess } from './process.js';
import { freePort } from '../src/child-process.js';

let front: TestStack;
// The second WatchLLM runs as its own process: one embedded store per process.
let back: WatchLLMProcess;
let run: AgentRun;

/**
 * The shipped otel-config.yaml with a second exporter beside clickhouse in every pipeline: otlphttp
 * for traces and metrics, otlp (gRPC) for logs.
 */
function teeConfig(httpEndpoint: string, grpcEndpoint: string): string {
  const shipped = readFileSync(new URL('../../otel-config.yaml', import.meta.url), 'utf8');
  const exporters = `exporters:
  otlphttp/backup:
    endpoint: ${httpEndpoint}
    headers: { x-team: llm-platform }
    retry_on_failure: { initial_interval: 50ms, max_interval: 200ms }
  otlp/backup:
    endpoint: ${grpcEndpoint}
    tls: { insecure: true }
    retry_on_failure: { initial_interval: 50ms, max_interval: 200ms }
`;
  let text = shipped
    .replace(/^exporters:\n/m, exporters)
    .replace(/^extensions:\n/m, 'extensions:\n  health_check: { endpoint: "127.0.0.1:0", path: /health }\n').replaceAll('exporters: [clickhouse]', 'exporters: [clickhouse, otlphttp/backup]');
  text = text.replace(/(    logs:\n      receivers: \[otlp\]\n      processors: \[media\]\n      exporters: \[clickhouse, )otlphttp\/backup\]/, '$1otlp/backup]');
  if ((text.match(/exporters: \[clickhouse, otlphttp\/backup\]/g) ?? []).length !== 2 || !text.includes('exporters: [clickhouse, otlp/backup]')) {
    throw new Error('otel-config.yaml changed shape: update this test');
  }
  return text;
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchllm-tee-'));
  const grpcPort = await freePort();
  back = await startProcess(['start'], { WATCHLLM_DATA_DIR: join(dir, 'back'), WATCHLLM_OTLP_GRPC_PORT: String(grpcPort) });
  writeFileSync(join(dir, 'otel-config.yaml'), teeConfig(back.otlpHttp, `127.0.0.1:${grpcPort}`));
  front = await startTestStack(undefined, { WATCHLLM_CONFIG: join(dir, 'otel-config.yaml') });

  const e = emitter(front.otlpHttp, 'teed-agent');
  run = agentRun(e.tracer, { sessionId: 'tee-1', userId: 'u-1', model: 'gpt-4o-mini' });
  await e.flush();

  const resource = resourceFromAttributes({ 'service.name': 'teed-agent' });
  const logs = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${front.otlpHttp}/v1/logs` }) })] });
  logs.getLogger('app').emit({ severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'quota at 90%', attributes: { 'quota.used': 0.9 } });
  await logs.shutdown();
  const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${front.otlpHttp}/v1/metrics` }), exportIntervalMillis: 60_000 });
  const meters = new MeterProvider({ resource, readers: [reader] });
  meters.getMeter('app').createCounter('llm.requests').add(3, { model: 'gpt-4o-mini' });
  await meters.shutdown();
}, 60_000);

afterAll(async () => {
  await front?.running.shutdown();
  if (back) await stopProcess(back);
});

/** What a span reads back as, without what differs between two stores. */
const comparable = (spans: any[]) =>
  spans.map((s) => ({ spanId: s.spanId, parentSpanId: s.parentSpanId, name: s.name, kind: s.kind, start: s.startTimeUnixNano, end: s.endTimeUnixNano, attributes: s.attributes, resource: s.resourceAttributes, status: s.status, genAi: s.genAi }));

describe('otlphttp and otlp exporters: one WatchLLM teeing to another', () => {
  it('stores the trace in both, identically (attributes, resource, GenAI record, cost)', async () => {
    const url = (s: { api: string }) => `${s.api}/api/v1/traces/${run.traceId}`;
    const mine = await getJson(url(front));
    const theirs = await eventually(() => getJson(url(back)), (r) => r.status === 200 && r.body.spans.length === mine.body.spans.length);
    expect(mine.status).toBe(200);
    expect(mine.body.spans).toHaveLength(5);
    expect(comparable(theirs.body.spans)).toEqual(comparable(mine.body.spans));
  });

  it('forwards log records (over gRPC) and metric data points too', async () => {
    const logs = await eventually(() => getJson(`${back.api}/api/v1/logs?service=teed-agent`), (r) => r.body.logs?.length === 1);
    expect(logs.body.logs[0]).toMatchObject({ body: 'quota at 90%', severityText: 'WARN', attributes: { 'quota.used': 0.9 } });
    // The data point reached the other WatchLLM's metrics pipeline (it keeps them in otel_metrics_sum).
    const accepted = await eventually(
      async () => (await fetch(`${back.api}/metrics`)).text(),
      (t) => /watchllm_receiver_items_accepted_total\{signal="metrics",transport="otlp"\} 1/.test(t),
    );
    expect(accepted).toMatch(/watchllm_receiver_items_accepted_total\{signal="metrics",transport="otlp"\} 1/);
  });

  it('serves the contrib health_check extension on its own port', async () => {
    const res = await fetch(`http://127.0.0.1:${front.running.collector!.healthCheckPort}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'Server available' });
  });

  it('counts what it sent on /metrics', async () => {
    const text = await eventually(
      async () => (await fetch(`${front.api}/metrics`)).text(),
      (t) => /watchllm_forward_items_sent_total\{exporter="otlphttp\/backup",signal="metrics"\} 1/.test(t),
    );
    expect(text).toMatch(/watchllm_forward_items_sent_total\{exporter="otlphttp\/backup",signal="traces"\} 5/);
    expect(text).toMatch(/watchllm_forward_items_sent_total\{exporter="otlp\/backup",signal="logs"\} 1/);
    expect(text).toMatch(/watchllm_forward_queue_requests\{exporter="otlphttp\/backup"\} 0/);
    expect(text).not.toMatch(/^watchllm_forward_items_dropped_total\{/m);
  });
});
