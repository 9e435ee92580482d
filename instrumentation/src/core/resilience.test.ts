// Instrumentation must never break the host app: a broken tracer or an odd SDK result passes through.
import OpenAI from 'openai';
import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStubLlmServer, type StubLlmServer } from '../demo/stub-server.js';
import { OpenAIInstrumentation } from '../openai/instrumentation.js';
import { createTestTelemetry } from '../testing/harness.js';
import { traceApiPromise } from './api-promise.js';
import { GenAiTelemetry } from './telemetry.js';

let stub: StubLlmServer;
beforeAll(async () => {
  stub = await startStubLlmServer();
});
afterAll(() => stub.close());

it('falls back to the original call when the tracer throws', async () => {
  const broken: TracerProvider = {
    getTracer: () => ({ startSpan: () => { throw new Error('tracer exploded'); } }) as unknown as Tracer,
  };
  const instrumentation = new OpenAIInstrumentation({ enabled: false });
  instrumentation.setTracerProvider(broken);
  const client = instrumentation.instrumentClient(new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'k', maxRetries: 0 }));
  const res = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'still works' }] });
  expect(res.choices[0]!.message.content).toContain('still works');
  const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 's' }], stream: true });
  let chunks = 0;
  for await (const _ of stream) chunks++;
  expect(chunks).toBeGreaterThan(2);
  instrumentation.disable();
});

it('passes through a plain promise and a non-promise result, ending the span either way', async () => {
  const telemetry = createTestTelemetry();
  const recorder = new GenAiTelemetry({
    tracer: telemetry.tracerProvider.getTracer('t'),
    meter: telemetry.meterProvider.getMeter('t'),
    captureMessageContent: false,
  });
  const handlers = { onBody: () => { throw new Error('bad body'); }, streamObserver: () => ({ onChunk() {}, result: () => ({}) }) };
  const plain = Promise.resolve({ weird: true });
  expect(traceApiPromise(plain, recorder.start({ operation: 'chat', provider: 'openai', model: 'm', attributes: {} }), false, handlers)).toBe(plain);
  expect(await plain).toEqual({ weird: true });
  expect(traceApiPromise(42, recorder.start({ operation: 'chat', provider: 'openai', model: 'n', attributes: {} }), false, handlers)).toBe(42);
  await new Promise((r) => setTimeout(r, 0));
  expect(telemetry.spans().map((s) => s.name).sort()).toEqual(['chat m', 'chat n']);
});
