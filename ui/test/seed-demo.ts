// Seeds a running WatchLLM with the demo agent's traces, the way `npm run demo` does: the real openai and
// Anthropic SDKs against the stub LLM server, instrumented by @watchllm/instrumentation and exported over
// OTLP/HTTP with message content captured.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { instrumentAnthropic, instrumentOpenAI, register, runDemoAgent, startStubLlmServer, type DemoSummary } from '@watchllm/instrumentation';

export interface SeedOptions {
  otlpHttp: string;
  sessions?: number;
  turnsPerSession?: number;
  serviceName?: string;
}

/** Runs the demo agent against `otlpHttp` and returns once every span has been exported. */
export async function seedDemoTraces(opts: SeedOptions): Promise<DemoSummary> {
  const registration = register({
    endpoint: opts.otlpHttp,
    serviceName: opts.serviceName ?? 'watchllm-demo-agent',
    captureMessageContent: true,
    metrics: false,
    resourceAttributes: { 'deployment.environment.name': 'e2e' },
  });
  // Some latency so the waterfall has visible bars; errorEvery gives failed calls and fallbacks.
  const stub = await startStubLlmServer({ latencyMs: { min: 5, max: 40 }, chunkDelayMs: 1, errorEvery: 13 });
  try {
    const openai = instrumentOpenAI(new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'demo-key', maxRetries: 0 }));
    const anthropic = instrumentAnthropic(new Anthropic({ baseURL: stub.anthropicBaseURL, apiKey: 'demo-key', maxRetries: 0 }));
    return await runDemoAgent({ openai, anthropic, sessions: opts.sessions ?? 8, turnsPerSession: opts.turnsPerSession ?? 3 });
  } finally {
    await registration.shutdown();
    await stub.close();
  }
}
