// Libraries other than Langfuse's SDK leave multimodal inputs inline: an OpenAI-style message with a
// base64 data URI in gen_ai.input.messages, or a GenAI content log record with one in its body. The
// shipped pipeline's `media` processor keeps the file apart (instead of `limits` cutting it and the
// JSON around it) and leaves the reference Langfuse's SDK would have left.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers.js';
import { startProcess, stopProcess, type WatchLLMProcess } from './process.js';

/** A valid PNG of noise (incompressible, so ~300 KB for 300 KB of pixels): signature, IHDR, one IDAT, IEND, CRCs right. */
function noisePng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), randomBytes(width * 3)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 0 })), chunk('IEND', Buffer.alloc(0))]);
}

const mediaIdOf = (b: Buffer) => createHash('sha256').update(b).digest('base64').replaceAll('+', '-').replaceAll('/', '_').slice(0, 22);

const PNG = noisePng(320, 320);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(20_000)]);

let p: WatchLLMProcess;
let traceId = '';
let logTraceId = '';

beforeAll(async () => {
  p = await startProcess(['start'], { WATCHLLM_DATA_DIR: mkdtempSync(join(tmpdir(), 'watchllm-media-extraction-')) });
  const resource = resourceFromAttributes({ 'service.name': 'vision-app' });
  const tracer = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${p.otlpHttp}/v1/traces` }))] });
  const messages = [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` } }] }];
  const span = tracer.getTracer('app').startSpan('chat gpt-4o', {
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.input.messages': JSON.stringify(messages),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Noise.' }], finish_reason: 'stop' }]),
    },
  });
  span.end();
  traceId = span.spanContext().traceId;
  const other = tracer.getTracer('app').startSpan('read pdf');
  other.end();
  logTraceId = other.spanContext().traceId;
  await tracer.forceFlush();
  await tracer.shutdown();

  const logger = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${p.otlpHttp}/v1/logs` }) })] });
  logger.getLogger('app').emit({
    context: trace.setSpanContext(ROOT_CONTEXT, other.spanContext()),
    eventName: 'gen_ai.user.message',
    body: `Summarize data:application/pdf;base64,${PDF.toString('base64')} please`,
  });
  await logger.forceFlush();
  await logger.shutdown();
}, 90_000);

afterAll(async () => {
  if (p) await stopProcess(p);
});

const get = (path: string) => fetch(`${p.api}${path}`);

describe('media processor in the shipped pipeline (real OTLP exporters, real process)', () => {
  it('stores the span with a reference in place of the ~300 KB image, not truncated', async () => {
    expect(PNG.length).toBeGreaterThan(300_000);
    const body = await eventually(async () => (await get(`/api/v1/traces/${traceId}`)).json(), (t) => t.spans?.length === 1);
    const span = body.spans[0];
    expect(span.genAi.inputMessages).toHaveLength(1);
    const text = JSON.stringify(span.genAi.inputMessages);
    expect(text).toContain(`@@@langfuseMedia:type=image/png|id=${mediaIdOf(PNG)}|source=base64_data_uri@@@`);
    expect(text).toContain('What is in this picture?');
    expect(text).not.toContain(PNG.toString('base64').slice(0, 64));
    expect(span.attributes['gen_ai.input.messages']).not.toContain('base64,');
    expect(span.attributes['watchllm.truncated']).toBeUndefined();
  });

  it('serves the image byte for byte from /api/v1/media/{id}', async () => {
    const res = await eventually(() => get(`/api/v1/media/${mediaIdOf(PNG)}`), (r) => r.status === 200);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("is what Langfuse's GET /api/public/media/{id} describes, with a download URL that serves it", async () => {
    const info = await (await get(`/api/public/media/${mediaIdOf(PNG)}`)).json();
    expect(info).toMatchObject({ mediaId: mediaIdOf(PNG), contentType: 'image/png', contentLength: PNG.length });
    const download = await fetch(info.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('does the same for a log record whose body holds a data URI', async () => {
    const logs = await eventually(async () => (await get(`/api/v1/logs?traceId=${logTraceId}`)).json(), (b) => b.logs?.length === 1);
    expect(logs.logs[0].body).toBe(`Summarize @@@langfuseMedia:type=application/pdf|id=${mediaIdOf(PDF)}|source=base64_data_uri@@@ please`);
    const res = await get(`/api/v1/media/${mediaIdOf(PDF)}`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('counts what it took out in /metrics', async () => {
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/^watchllm_processor_media_extracted_total\{signal="traces"\} 1$/m);
    expect(text).toMatch(/^watchllm_processor_media_extracted_total\{signal="logs"\} 1$/m);
    expect(text).toMatch(new RegExp(`^watchllm_processor_media_extracted_bytes_total\\{signal="traces"\\} ${PNG.length}$`, 'm'));
  });
});
