import { it } from 'vitest';
import OpenAI from 'openai';
import { startStubLlmServer } from '@watchllm/instrumentation';
import { startTestStack } from './helpers.js';
import { otelToStack, readTrace } from './llm-e2e.js';
import { runOpenAiCases } from './openai-cases.js';

it('explore', async () => {
  const stack = await startTestStack();
  const stub = await startStubLlmServer();
  const otel = otelToStack(stack.otlpHttp, 'explore');
  const lib = process.env.LIB;
  if (lib === 'traceloop') {
    const { OpenAIInstrumentation } = await import('@traceloop/instrumentation-openai');
    const inst = new OpenAIInstrumentation({ enrichTokens: true } as any);
    inst.setTracerProvider(otel.tracerProvider);
    inst.manuallyInstrument(OpenAI as any);
  } else {
    const { OpenAIInstrumentation } = await import('@arizeai/openinference-instrumentation-openai');
    const inst = new OpenAIInstrumentation({ tracerProvider: otel.tracerProvider });
    inst.manuallyInstrument({ OpenAI } as any);
  }
  const client = new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'k', maxRetries: 0 });
  const cases = await runOpenAiCases(client, otel.tracer);
  await otel.flush();
  for (const [name, c] of Object.entries(cases)) {
    const spans = await readTrace(stack.api, c.traceId, (s) => s.length > 1);
    console.log(name, JSON.stringify(c), JSON.stringify(spans.map((s: any) => ({ name: s.name, status: s.status, attributes: s.attributes, events: s.events, genAi: s.genAi && { ...s.genAi } })), null, 1));
  }
  await stub.close(); await stack.running.shutdown();
});
