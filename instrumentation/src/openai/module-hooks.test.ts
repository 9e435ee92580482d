// The registerInstrumentations path: the CommonJS copy of the SDK is patched when required, and an
// ESM namespace can be patched explicitly with instrumentModule().
import { createRequire } from 'node:module';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import * as openaiEsm from 'openai';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startStubLlmServer, type StubLlmServer } from '../demo/stub-server.js';
import { createTestTelemetry } from '../testing/harness.js';
import { OpenAIInstrumentation } from './instrumentation.js';

const telemetry = createTestTelemetry();
const instrumentation = new OpenAIInstrumentation();
let stub: StubLlmServer;

beforeAll(async () => {
  registerInstrumentations({ instrumentations: [instrumentation], tracerProvider: telemetry.tracerProvider, meterProvider: telemetry.meterProvider });
  stub = await startStubLlmServer();
});
afterAll(async () => {
  instrumentation.disable();
  await stub.close();
});
beforeEach(() => telemetry.reset());

it('patches the CommonJS SDK when it is required after registration', async () => {
  const { OpenAI } = createRequire(import.meta.url)('openai') as typeof import('openai');
  const client = new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'k', maxRetries: 0 });
  await client.embeddings.create({ model: 'text-embedding-3-large', input: 'cjs' });
  expect(telemetry.spans().map((s) => s.name)).toEqual(['embeddings text-embedding-3-large']);
});

it('patches an ESM namespace with instrumentModule, and disable() restores it', async () => {
  instrumentation.instrumentModule(openaiEsm);
  const client = new openaiEsm.OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'k', maxRetries: 0 });
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'esm' }] });
  expect(telemetry.spans().map((s) => s.name)).toEqual(['chat gpt-4o']);
  instrumentation.disable();
  telemetry.reset();
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'esm' }] });
  expect(telemetry.spans()).toHaveLength(0);
});
