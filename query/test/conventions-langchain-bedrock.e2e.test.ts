/**
 * Claude on Bedrock through LangChain.js (`ChatBedrockConverse` of `@langchain/aws`, its client pointed at the stub)
 * traced by `@arizeai/openinference-instrumentation-langchain`: the provider from LangChain's `ls_provider`
 * (`amazon_bedrock`), the cache split from the run's usage, the catalog's Bedrock price.
 */
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import { ChatBedrockConverse } from '@langchain/aws';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { HumanMessage, SystemMessage, type UsageMetadata } from '@langchain/core/messages';
import { stubBedrockClient } from '@watchllm/instrumentation/stub-clients';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectClaudeRecords, fromLangChainUsage, twoClaudeCalls, type ClaudeCall } from './anthropic-libraries.js';
import { withLlmTestBed, type LlmTestBed } from './llm-e2e.js';

const MODEL_ID = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
let bed: LlmTestBed;
let calls: ClaudeCall<UsageMetadata>[] = [];

beforeAll(async () => {
  bed = await withLlmTestBed('langchain-bedrock', async (b) => {
    new LangChainInstrumentation({ tracerProvider: b.otel.tracerProvider }).manuallyInstrument(CallbackManagerModule);
    const model = new ChatBedrockConverse({ model: MODEL_ID, region: 'us-east-1', client: stubBedrockClient(b.stub.bedrockEndpoint) as never });
    calls = await twoClaudeCalls(b.otel.tracer, async (system, prompt) => (await model.invoke([new SystemMessage(system), new HumanMessage(prompt)])).usage_metadata!);
    await b.otel.flush();
    return b;
  });
});
afterAll(() => bed?.close());

describe('Claude on Bedrock through LangChain.js (OpenInference) → collector → canonical records', () => {
  it("provider from LangChain's metadata, input with the cache and the cache split, Bedrock's catalog price", async () => {
    await expectClaudeRecords(bed.stack.api, calls.map((c) => ({ ...c, usage: fromLangChainUsage(c.usage) })), { provider: 'aws.bedrock', model: MODEL_ID, priceProvider: 'aws' });
  });
});
