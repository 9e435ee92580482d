/**
 * Bedrock through `@traceloop/instrumentation-bedrock` (OpenLLMetry): its Converse spans are named
 * `bedrock.completion` and carry only the provider and model — stored as the LLM calls they are (step view,
 * model), with cost null rather than 0; its InvokeModel spans speak gen_ai.* and are priced.
 */
import * as BedrockModule from '@aws-sdk/client-bedrock-runtime';
import { ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { BedrockInstrumentation } from '@traceloop/instrumentation-bedrock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inRootSpan, modelSpans, readSteps, readTrace, withLlmTestBed, type LlmTestBed } from './llm-e2e.js';
import { stubBedrockClient } from '@watchllm/instrumentation/stub-clients';

const MODEL_ID = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
/** The library records the model id without its vendor prefix. */
const RECORDED_MODEL = 'claude-3-5-sonnet-20241022-v2:0';
let bed: LlmTestBed;
const traces = { converse: '', invoke: '' };
let invokeUsage: { input_tokens: number; output_tokens: number };

beforeAll(async () => {
  bed = await withLlmTestBed('bedrock-traceloop', async (b) => {
    const instrumentation = new BedrockInstrumentation();
    instrumentation.setTracerProvider(b.otel.tracerProvider);
    instrumentation.manuallyInstrument(BedrockModule as never);
    const client = stubBedrockClient(b.stub.bedrockEndpoint);
    traces.converse = await inRootSpan(b.otel.tracer, 'converse', () => client.send(new ConverseCommand({ modelId: MODEL_ID, messages: [{ role: 'user', content: [{ text: 'Do you stock poetry?' }] }] })));
    traces.invoke = await inRootSpan(b.otel.tracer, 'invoke', async () => {
      const res = await client.send(new InvokeModelCommand({ modelId: MODEL_ID, contentType: 'application/json', body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] }) }));
      invokeUsage = JSON.parse(Buffer.from(res.body).toString()).usage;
    });
    await b.otel.flush();
    return b;
  });
});
afterAll(() => bed?.close());

describe('Bedrock (OpenLLMetry) → collector → canonical records', () => {
  it('a Converse call named bedrock.completion is an LLM step with its model, unpriced without tokens (null, not 0)', async () => {
    const [span] = modelSpans(await readTrace(bed.stack.api, traces.converse));
    expect(span.name).toBe('bedrock.completion');
    expect(span.genAi).toMatchObject({ operation: 'chat', stepType: 'llm', provider: 'aws.bedrock', requestModel: RECORDED_MODEL, inputTokens: null, costUsd: null });
    const { steps } = await readSteps(bed.stack.api, traces.converse);
    expect(steps.map((s) => [s.type, s.model])).toEqual([['llm', RECORDED_MODEL]]);
  });

  it('an InvokeModel call: tokens as the body reported them, catalog cost', async () => {
    const [span] = modelSpans(await readTrace(bed.stack.api, traces.invoke));
    expect(span.genAi).toMatchObject({ operation: 'chat', provider: 'aws.bedrock', inputTokens: invokeUsage.input_tokens, outputTokens: invokeUsage.output_tokens, costSource: 'catalog' });
    expect(span.genAi!.costUsd).toBeGreaterThan(0);
  });
});
