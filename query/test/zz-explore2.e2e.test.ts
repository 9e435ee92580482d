import { it } from 'vitest';
import { generateText, streamText, embed, tool, jsonSchema, stepCountIs } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { startStubLlmServer, STUB_TRIGGERS } from '@watchllm/instrumentation';
import { startTestStack } from './helpers.js';
import { otelToStack, readTrace, inRootSpan } from './llm-e2e.js';

it('explore', async () => {
  const stack = await startTestStack();
  const stub = await startStubLlmServer();
  const otel = otelToStack(stack.otlpHttp, 'explore');
  const openai = createOpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'k' });
  const t = { isEnabled: true, functionId: 'fn-x', metadata: { sessionId: 's1', userId: 'u1' } };
  const ids: Record<string, string> = {};
  ids.chat = await inRootSpan(otel.tracer, 'chat', async () => { const r = await generateText({ model: openai.chat('gpt-4o-mini'), system: 'Be brief.', prompt: 'What is OTLP?', experimental_telemetry: t, maxRetries: 0 }); console.log('usage', r.usage); });
  ids.stream = await inRootSpan(otel.tracer, 'stream', async () => { const r = streamText({ model: openai.chat('gpt-4o-mini'), prompt: 'Stream it', experimental_telemetry: t, maxRetries: 0 }); for await (const _ of r.textStream) {} console.log('susage', await r.usage); });
  ids.tool = await inRootSpan(otel.tracer, 'tool', async () => { const r = await generateText({ model: openai.chat('gpt-4o'), prompt: 'Weather in Lisbon?', tools: { get_weather: tool({ description: 'Forecast', inputSchema: jsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }), execute: async ({ city }: any) => ({ city, forecast: 'sunny' }) }) }, stopWhen: stepCountIs(2), experimental_telemetry: t, maxRetries: 0 }); console.log('tusage', r.totalUsage, r.text); });
  ids.embed = await inRootSpan(otel.tracer, 'embed', async () => { const r = await embed({ model: openai.embedding('text-embedding-3-small'), value: 'hello', experimental_telemetry: t, maxRetries: 0 }); console.log('eusage', r.usage); });
  ids.err = await inRootSpan(otel.tracer, 'err', async () => { await generateText({ model: openai.chat('gpt-4o-mini'), prompt: STUB_TRIGGERS.serverError, experimental_telemetry: t, maxRetries: 0 }); });
  await otel.flush();
  await new Promise((r) => setTimeout(r, 1500));
  for (const [name, id] of Object.entries(ids)) {
    const spans = await readTrace(stack.api, id, (s) => s.length > 0);
    console.log(name, JSON.stringify(spans.map((s: any) => ({ name: s.name, status: s.status, attributes: s.attributes, genAi: s.genAi && { ...s.genAi } })), null, 1));
  }
  await stub.close(); await stack.running.shutdown();
});
