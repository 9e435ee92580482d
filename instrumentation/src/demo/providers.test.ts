import { ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { GoogleGenAI } from '@google/genai';
import { trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { BedrockInstrumentation, instrumentBedrock } from '../bedrock/instrumentation.js';
import { GeminiInstrumentation, instrumentGemini } from '../gemini/instrumentation.js';
import { createTestTelemetry } from '../testing/harness.js';
import { validateGenAiSpan } from '../testing/validate.js';
import { runProviderTour } from './providers.js';
import { startStubLlmServer } from './stub-server.js';
import { stubBedrockClient } from './stub-bedrock-client.js';

const telemetry = createTestTelemetry();
// The agent helpers use the global tracer, as an app's would.
trace.setGlobalTracerProvider(telemetry.tracerProvider);
afterAll(() => telemetry.shutdown());

describe('the demo’s provider tour', () => {
  it('sends Gemini and Bedrock calls under a research agent, every span valid', async () => {
    const stub = await startStubLlmServer();
    onTestFinished(() => stub.close());
    const geminiInst = new GeminiInstrumentation({ enabled: false, captureMessageContent: true });
    const bedrockInst = new BedrockInstrumentation({ enabled: false, captureMessageContent: true });
    for (const i of [geminiInst, bedrockInst]) i.setTracerProvider(telemetry.tracerProvider);
    const gemini = instrumentGemini(new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: stub.geminiBaseURL } }), geminiInst);
    const bedrock = instrumentBedrock(
      stubBedrockClient(stub.bedrockEndpoint),
      bedrockInst,
    );
    const traceIds = await runProviderTour({ gemini, bedrock, commands: { ConverseCommand, InvokeModelCommand } });
    expect(new Set(traceIds).size).toBe(2);
    const spans = telemetry.spans();
    expect(spans.map((s) => `${s.attributes['gen_ai.operation.name']} ${s.attributes['gen_ai.provider.name'] ?? ''}`.trim()).sort()).toEqual([
      'chat aws.bedrock', 'chat aws.bedrock', 'chat aws.bedrock', 'chat aws.bedrock',
      'generate_content gcp.gemini', 'generate_content gcp.gemini',
      'invoke_agent', 'invoke_agent',
    ]);
    for (const s of spans) expect(validateGenAiSpan(s), s.name).toEqual([]);
    expect(spans.filter((s) => s.attributes['gen_ai.conversation.id'] === 'research-1').length).toBeGreaterThan(1);
  });
});
