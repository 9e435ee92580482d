// `npm run demo`: start the stub LLM server, run the demo agent instrumented with this package and
// export everything to OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318), e.g. a running WatchLLM.
import Anthropic from '@anthropic-ai/sdk';
import { ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { instrumentAnthropic } from '../anthropic/instrumentation.js';
import { instrumentBedrock } from '../bedrock/instrumentation.js';
import { instrumentGemini } from '../gemini/instrumentation.js';
import { instrumentOpenAI } from '../openai/instrumentation.js';
import { register } from '../register.js';
import { runDemoAgent } from './agent.js';
import { runProviderTour } from './providers.js';
import { startStubLlmServer } from './stub-server.js';
import { stubBedrockClient } from './stub-bedrock-client.js';

const endpoint = (process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318').replace(/\/+$/, '');
const uiUrl = process.env.WATCHLLM_UI_URL ?? 'http://localhost:8080';

async function receiverReachable(): Promise<boolean> {
  try {
    // An empty ExportTraceServiceRequest is valid protobuf: any OTLP/HTTP receiver accepts it.
    const res = await fetch(`${endpoint}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array(0),
      signal: AbortSignal.timeout(3_000),
    });
    return res.status < 500;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const reachable = await receiverReachable();
  if (!reachable) {
    console.warn(`! No OTLP receiver answered at ${endpoint}/v1/traces — start WatchLLM first (npm start), or set OTEL_EXPORTER_OTLP_ENDPOINT.`);
    console.warn('  Running anyway; spans will be retried and then dropped.');
  }
  const registration = register({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'watchllm-demo-agent',
    captureMessageContent: true,
    metricExportIntervalMillis: 5_000,
    resourceAttributes: { 'deployment.environment.name': 'demo' },
  });
  const stub = await startStubLlmServer({ latencyMs: { min: 40, max: 350 }, chunkDelayMs: 12, errorEvery: 13 });
  console.log(`stub LLM server on ${stub.url} (OpenAI, Anthropic, Gemini and Bedrock compatible)`);
  const openai = instrumentOpenAI(new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'demo-key', maxRetries: 0 }));
  const anthropic = instrumentAnthropic(new Anthropic({ baseURL: stub.anthropicBaseURL, apiKey: 'demo-key', maxRetries: 0 }));

  const started = Date.now();
  const summary = await runDemoAgent({ openai, anthropic, sessions: 10, turnsPerSession: 3, log: (line) => console.log(`  ${line}`) });
  // The other instrumented SDKs: Gemini, and Claude on Bedrock (the stub speaks HTTP/1.1; the SDK defaults to HTTP/2).
  const gemini = instrumentGemini(new GoogleGenAI({ apiKey: 'demo-key', httpOptions: { baseUrl: stub.geminiBaseURL } }));
  const bedrock = instrumentBedrock(
    stubBedrockClient(stub.bedrockEndpoint),
  );
  const tour = await runProviderTour({ gemini, bedrock, commands: { ConverseCommand, InvokeModelCommand } }).catch((error: unknown) => {
    console.warn(`  provider tour failed: ${String(error)}`);
    return [];
  });
  summary.traceIds.push(...tour);
  await registration.shutdown();
  await stub.close();

  console.log(
    `\n${reachable ? 'Sent' : 'Produced (receiver unreachable)'} ${summary.traceIds.length} traces (${summary.llmCalls} LLM calls, ` +
      `${summary.toolCalls} tool calls, ${summary.failedCalls} failed steps) for ${endpoint} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  console.log(`Open ${uiUrl} to explore them — e.g. ${uiUrl}/api/v1/traces/${summary.traceIds[0]}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
