/** Vercel AI SDK `ai.*` spans (v3–v6 telemetry; ai@7 with @ai-sdk/otel emits plain GenAI spans handled elsewhere). */
import {
  acknowledge, acknowledgePrefix, addTags, wantContent, fillCount, fillMessages, fillString, fillSystem, jsonValue, read, readJson, setCount, setNumber, setParam,
  setString, setStringList, type MapContext,
} from '../context.js';
import { toMessages } from '../messages/canonical.js';
import { normalizeFinishReason } from '../messages/finish-reason.js';
import { toPart } from '../messages/parts.js';
import { normalizeProvider } from '../provider.js';
import type { MessagePart, StepType } from '../types.js';
import { asCount, asString, isRecord, jsonOrString } from '../values.js';
import type { ConventionMapper } from './mapper.js';

const OPERATIONS: Record<string, { operation: string | null; step: StepType; stream?: boolean }> = {
  'ai.generateText': { operation: null, step: 'chain', stream: false },
  'ai.streamText': { operation: null, step: 'chain', stream: true },
  'ai.generateObject': { operation: null, step: 'chain', stream: false },
  'ai.streamObject': { operation: null, step: 'chain', stream: true },
  'ai.embed': { operation: null, step: 'chain' },
  'ai.embedMany': { operation: null, step: 'chain' },
  'ai.rerank': { operation: null, step: 'chain' },
  'ai.generateText.doGenerate': { operation: 'chat', step: 'llm', stream: false },
  'ai.streamText.doStream': { operation: 'chat', step: 'llm', stream: true },
  'ai.generateObject.doGenerate': { operation: 'chat', step: 'llm', stream: false },
  'ai.streamObject.doStream': { operation: 'chat', step: 'llm', stream: true },
  'ai.embed.doEmbed': { operation: 'embeddings', step: 'embedding' },
  'ai.embedMany.doEmbed': { operation: 'embeddings', step: 'embedding' },
  'ai.rerank.doRerank': { operation: 'rerank', step: 'retrieval' },
  'ai.toolCall': { operation: 'execute_tool', step: 'tool' },
};

const SETTINGS: Record<string, string> = {
  maxOutputTokens: 'max_tokens', maxTokens: 'max_tokens', temperature: 'temperature', topP: 'top_p', topK: 'top_k',
  frequencyPenalty: 'frequency_penalty', presencePenalty: 'presence_penalty', stopSequences: 'stop_sequences', seed: 'seed',
};

export const vercelAi: ConventionMapper = {
  name: 'vercel-ai',
  applies: (ctx) => ctx.summary.ai,
  map(ctx) {
    const operationId = asString(read(ctx, 'ai.operationId')) ?? ctx.span.name;
    const op = OPERATIONS[operationId];
    if (op) {
      fillString(ctx, 'operation', op.operation);
      ctx.stepHint ??= op.step;
      if (op.stream !== undefined && ctx.record.stream === null) ctx.record.stream = op.stream;
      if (op.step === 'chain') setString(ctx, 'workflowName', 'ai.telemetry.functionId');
    }
    setString(ctx, 'provider', 'ai.model.provider', normalizeProvider);
    setString(ctx, 'requestModel', 'ai.model.id');
    setString(ctx, 'responseModel', 'ai.response.model');
    setString(ctx, 'responseId', 'ai.response.id');
    setStringList(ctx, 'finishReasons', 'ai.response.finishReason', normalizeFinishReason);
    setStringList(ctx, 'finishReasons', 'ai.finishReason', normalizeFinishReason);
    setNumber(ctx, 'timeToFirstChunkMs', 'ai.response.msToFirstChunk');
    setNumber(ctx, 'timeToFirstChunkMs', 'ai.stream.msToFirstChunk');
    setString(ctx, 'userId', 'ai.telemetry.metadata.userId');
    setString(ctx, 'conversationId', 'ai.telemetry.metadata.sessionId');
    setString(ctx, 'conversationId', 'ai.telemetry.metadata.conversationId');
    addTags(ctx, 'ai.telemetry.metadata.tags');
    setString(ctx, 'toolName', 'ai.toolCall.name');
    setString(ctx, 'toolCallId', 'ai.toolCall.id');
    const toolArgs = read(ctx, 'ai.toolCall.args') ?? read(ctx, 'ai.toolCall.input');
    if (toolArgs !== undefined && ctx.record.toolArguments === null) ctx.record.toolArguments = jsonOrString(toolArgs);
    const toolResult = read(ctx, 'ai.toolCall.result') ?? read(ctx, 'ai.toolCall.output');
    if (toolResult !== undefined && ctx.record.toolResult === null) ctx.record.toolResult = jsonOrString(toolResult);

    mapUsage(ctx);
    mapSettings(ctx);
    if (wantContent(ctx, 'ai.prompt', 'ai.prompt.messages', 'ai.prompt.tools', 'ai.response.text', 'ai.response.reasoning',
      'ai.response.object', 'ai.response.toolCalls', 'ai.result.text', 'ai.result.object', 'ai.result.toolCalls')) {
      mapPrompt(ctx);
      mapResponse(ctx);
      mapTools(ctx);
    }

    acknowledge(ctx, 'ai.response.timestamp', 'ai.response.msToFinish', 'ai.response.avgOutputTokensPerSecond',
      'ai.response.avgCompletionTokensPerSecond', 'ai.prompt.toolChoice', 'ai.prompt.format', 'ai.schema', 'ai.schema.name',
      'ai.schema.description', 'ai.value', 'ai.values', 'ai.embedding', 'ai.embeddings', 'ai.documents', 'ai.ranking',
      'ai.ranking.type', 'ai.telemetry.functionId', 'ai.usage.totalTokens', 'ai.usage.inputTokenDetails.noCacheTokens',
      'ai.usage.outputTokenDetails.textTokens', 'ai.response.providerMetadata');
    acknowledgePrefix(ctx, 'ai.telemetry.metadata.');
    acknowledgePrefix(ctx, 'ai.request.headers.');
    acknowledgePrefix(ctx, 'ai.settings.');
  },
};

function mapUsage(ctx: MapContext): void {
  const hasDetails = ctx.attrs['ai.usage.inputTokenDetails.cacheReadTokens'] !== undefined
    || ctx.attrs['ai.usage.inputTokenDetails.cacheWriteTokens'] !== undefined
    || ctx.attrs['ai.usage.inputTokenDetails.noCacheTokens'] !== undefined;
  for (const key of ['ai.usage.inputTokens', 'ai.usage.promptTokens', 'ai.usage.tokens']) setCount(ctx, 'inputTokens', key);
  for (const key of ['ai.usage.outputTokens', 'ai.usage.completionTokens']) setCount(ctx, 'outputTokens', key);
  setCount(ctx, 'cacheReadTokens', 'ai.usage.inputTokenDetails.cacheReadTokens');
  setCount(ctx, 'cacheReadTokens', 'ai.usage.cachedInputTokens');
  setCount(ctx, 'cacheWriteTokens', 'ai.usage.inputTokenDetails.cacheWriteTokens');
  setCount(ctx, 'reasoningTokens', 'ai.usage.outputTokenDetails.reasoningTokens');
  setCount(ctx, 'reasoningTokens', 'ai.usage.reasoningTokens');
  // Before inputTokenDetails (ai < 6), the Anthropic provider passed Anthropic's cache-exclusive input_tokens through.
  const usageSeen = ctx.mapped.has('ai.usage.inputTokens') || ctx.mapped.has('ai.usage.promptTokens');
  if (usageSeen && !hasDetails) {
    ctx.inputExcludesCache ??= 'Vercel AI SDK before v6 reports Anthropic input tokens without cache';
    if (ctx.record.cacheWriteTokens === null) fillCount(ctx, 'cacheWriteTokens', anthropicCacheWrite(ctx));
  }
}

/** Older SDKs only report cache writes in provider metadata: {"anthropic":{"cacheCreationInputTokens":N}}. */
function anthropicCacheWrite(ctx: MapContext): number | undefined {
  const raw = ctx.attrs['ai.response.providerMetadata'];
  if (typeof raw !== 'string' || !raw.includes('cacheCreationInputTokens')) return undefined;
  const meta = jsonValue(ctx, 'ai.response.providerMetadata', raw);
  const anthropic = isRecord(meta) ? meta.anthropic : undefined;
  return isRecord(anthropic) ? asCount(anthropic.cacheCreationInputTokens as never) : undefined;
}

function mapSettings(ctx: MapContext): void {
  for (const key of ctx.summary.keys) {
    if (!key.startsWith('ai.settings.')) continue;
    const name = SETTINGS[key.slice('ai.settings.'.length)];
    if (name) setParam(ctx, name, key);
  }
}

function mapPrompt(ctx: MapContext): void {
  if (ctx.attrs['ai.prompt.messages'] !== undefined) {
    fillMessages(ctx, 'inputMessages', toMessages(readJson(ctx, 'ai.prompt.messages'), 'user'));
  }
  if (ctx.attrs['ai.prompt'] !== undefined) {
    const prompt = readJson(ctx, 'ai.prompt');
    if (isRecord(prompt)) {
      if (typeof prompt.system === 'string') fillSystem(ctx, [{ type: 'text', content: prompt.system }]);
      fillMessages(ctx, 'inputMessages', toMessages(prompt.messages ?? prompt.prompt, 'user'));
    } else if (typeof prompt === 'string') fillMessages(ctx, 'inputMessages', toMessages(prompt, 'user'));
  }
}

function mapResponse(ctx: MapContext): void {
  const parts: MessagePart[] = [];
  const reasoning = asString(read(ctx, 'ai.response.reasoning'));
  if (reasoning) parts.push({ type: 'reasoning', content: reasoning });
  const text = asString(read(ctx, 'ai.response.text')) ?? asString(read(ctx, 'ai.result.text'));
  if (text) parts.push({ type: 'text', content: text });
  const object = asString(read(ctx, 'ai.response.object')) ?? asString(read(ctx, 'ai.result.object'));
  if (object) parts.push({ type: 'text', content: object });
  for (const key of ['ai.response.toolCalls', 'ai.result.toolCalls']) {
    if (ctx.attrs[key] === undefined) continue;
    const calls = readJson(ctx, key);
    if (!Array.isArray(calls)) continue;
    for (const c of calls) {
      const p = isRecord(c) ? toPart({ ...c, type: 'tool-call' }) : null;
      if (p) parts.push(p);
    }
  }
  if (parts.length === 0) return;
  const finish = ctx.record.finishReasons?.[0];
  fillMessages(ctx, 'outputMessages', [{ role: 'assistant', parts, ...(finish ? { finish_reason: finish } : {}) }]);
}

/** ai.prompt.tools is an array of JSON strings, one per tool. */
function mapTools(ctx: MapContext): void {
  const tools = read(ctx, 'ai.prompt.tools');
  if (tools === undefined || ctx.record.toolDefinitions !== null) return;
  const list = Array.isArray(tools) ? tools : [tools];
  const defs = list.map((t) => jsonValue(ctx, 'ai.prompt.tools', t)).filter((t) => t !== undefined);
  if (defs.length > 0) ctx.record.toolDefinitions = defs;
}
