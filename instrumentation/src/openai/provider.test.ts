import OpenAI, { AzureOpenAI } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStubLlmServer, type StubLlmServer } from '../demo/stub-server.js';
import { createTestTelemetry } from '../testing/harness.js';
import { instrumentOpenAI, OpenAIInstrumentation } from './instrumentation.js';
import { openAiProvider } from './provider.js';

describe('provider of an OpenAI-compatible endpoint', () => {
  it.each([
    ['api.openai.com', 'openai'],
    ['my-resource.openai.azure.com', 'azure.ai.openai'],
    ['my-resource.cognitiveservices.azure.com', 'azure.ai.openai'],
    ['api.deepseek.com', 'deepseek'],
    ['api.groq.com', 'groq'],
    ['api.mistral.ai', 'mistral_ai'],
    ['api.x.ai', 'x_ai'],
    ['api.perplexity.ai', 'perplexity'],
    ['generativelanguage.googleapis.com', 'gcp.gemini'],
    ['localhost', 'openai'],
    ['evil-api.x.ai.example.com', 'openai'],
  ])('%s → %s', (address, provider) => {
    expect(openAiProvider({ address }, undefined)).toBe(provider);
  });
});

describe('the SDK’s AzureOpenAI client', () => {
  const telemetry = createTestTelemetry();
  const instrumentation = new OpenAIInstrumentation({ enabled: false });
  instrumentation.setTracerProvider(telemetry.tracerProvider);
  let stub: StubLlmServer;
  beforeAll(async () => {
    stub = await startStubLlmServer();
  });
  afterAll(async () => {
    await stub.close();
    await telemetry.shutdown();
  });
  beforeEach(() => telemetry.reset());

  it('is reported as azure.ai.openai, whatever its host', async () => {
    const azure = instrumentOpenAI(new AzureOpenAI({ endpoint: stub.url, apiKey: 'test', apiVersion: '2024-10-21', deployment: 'gpt-4o-mini', maxRetries: 0 }), instrumentation);
    await azure.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });
    expect(telemetry.onlySpan().attributes['gen_ai.provider.name']).toBe('azure.ai.openai');
    telemetry.reset();
    const plain = instrumentOpenAI(new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'test', maxRetries: 0 }), instrumentation);
    await plain.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });
    expect(telemetry.onlySpan().attributes['gen_ai.provider.name']).toBe('openai');
  });
});
