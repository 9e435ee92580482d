/** Langfuse attributes (langfuse.*): session/user, observation type, model, usage and cost details. */
import {
  acknowledgePrefix, addTags, fillCount, wantContent, fillMessages, fillString, read, readJson, setString, type MapContext,
} from '../context.js';
import { toMessages } from '../messages/canonical.js';
import type { StepType } from '../types.js';
import { asCount, asNumber, asString, isRecord } from '../values.js';
import type { ConventionMapper } from './mapper.js';

const OBSERVATION: Record<string, { operation: string | null; step: StepType }> = {
  generation: { operation: 'chat', step: 'llm' },
  embedding: { operation: 'embeddings', step: 'embedding' },
  agent: { operation: 'invoke_agent', step: 'agent' },
  tool: { operation: 'execute_tool', step: 'tool' },
  chain: { operation: null, step: 'chain' },
  retriever: { operation: 'retrieval', step: 'retrieval' },
  evaluator: { operation: 'evaluator', step: 'other' },
  guardrail: { operation: 'guardrail', step: 'other' },
};

/** Where Langfuse SDKs and integrations put trace tags (the keys Langfuse's own OTel ingestion reads). */
const TAG_KEYS = ['langfuse.trace.tags', 'langfuse.tags', 'langfuse.trace.metadata.langfuse_tags', 'langfuse.observation.metadata.langfuse_tags'];

export const langfuse: ConventionMapper = {
  name: 'langfuse',
  applies: (ctx) => ctx.summary.langfuse,
  map(ctx) {
    // Langfuse SDKs v4+ write session and user as session.id / user.id (older ones: langfuse.*), as its own ingestion reads them.
    setString(ctx, 'conversationId', 'langfuse.session.id');
    setString(ctx, 'conversationId', 'session.id');
    setString(ctx, 'userId', 'langfuse.user.id');
    setString(ctx, 'userId', 'user.id');
    for (const key of TAG_KEYS) addTags(ctx, key);
    const type = asString(read(ctx, 'langfuse.observation.type'))?.toLowerCase();
    const mapping = type ? OBSERVATION[type] : undefined;
    if (mapping) {
      fillString(ctx, 'operation', mapping.operation);
      ctx.stepHint ??= mapping.step;
    }
    setString(ctx, 'requestModel', 'langfuse.observation.model.name');
    mapParameters(ctx);
    mapUsage(ctx);
    mapCost(ctx);
    mapCompletionStart(ctx);
    if (type === 'generation' && wantContent(ctx, 'langfuse.observation.input', 'langfuse.observation.output')) {
      if (ctx.attrs['langfuse.observation.input'] !== undefined) {
        fillMessages(ctx, 'inputMessages', toMessages(readJson(ctx, 'langfuse.observation.input'), 'user'));
      }
      if (ctx.attrs['langfuse.observation.output'] !== undefined) {
        fillMessages(ctx, 'outputMessages', toMessages(readJson(ctx, 'langfuse.observation.output'), 'assistant'));
      }
    }
    acknowledgePrefix(ctx, 'langfuse.');
  },
};

function mapParameters(ctx: MapContext): void {
  const params = readJson(ctx, 'langfuse.observation.model.parameters');
  if (!isRecord(params)) return;
  for (const [k, v] of Object.entries(params)) {
    if (!(k in ctx.record.requestParameters) && v !== undefined) ctx.record.requestParameters[k] = v as never;
  }
}

/** usage_details: {input, output, total, cache_read_input_tokens?, ...} — Langfuse's own "input" excludes nothing we can know, so it only fills gaps. */
function mapUsage(ctx: MapContext): void {
  const usage = readJson(ctx, 'langfuse.observation.usage_details');
  if (!isRecord(usage)) return;
  const count = (...keys: string[]) => {
    for (const k of keys) {
      const n = asCount(usage[k] as never);
      if (n !== undefined) return n;
    }
    return undefined;
  };
  fillCount(ctx, 'inputTokens', count('input', 'prompt_tokens', 'input_tokens'));
  fillCount(ctx, 'outputTokens', count('output', 'completion_tokens', 'output_tokens'));
  fillCount(ctx, 'cacheReadTokens', count('cache_read_input_tokens', 'input_cached_tokens', 'cache_read'));
  fillCount(ctx, 'cacheWriteTokens', count('cache_creation_input_tokens', 'cache_write'));
  fillCount(ctx, 'reasoningTokens', count('output_reasoning_tokens', 'reasoning_tokens', 'reasoning'));
}

function mapCost(ctx: MapContext): void {
  const cost = readJson(ctx, 'langfuse.observation.cost_details');
  if (!isRecord(cost) || ctx.record.reportedCostUsd !== null) return;
  const total = asNumber(cost.total as never);
  if (total !== undefined && total >= 0) {
    ctx.record.reportedCostUsd = total;
    return;
  }
  let sum = 0;
  let any = false;
  for (const v of Object.values(cost)) {
    const n = asNumber(v as never);
    if (n !== undefined && n >= 0) {
      sum += n;
      any = true;
    }
  }
  if (any) ctx.record.reportedCostUsd = sum;
}

function mapCompletionStart(ctx: MapContext): void {
  const start = asString(read(ctx, 'langfuse.observation.completion_start_time'));
  if (!start || ctx.record.timeToFirstChunkMs !== null) return;
  const firstChunkMs = Date.parse(start);
  const spanStartMs = Number(BigInt.asUintN(64, safeBigInt(ctx.span.startTimeUnixNano)) / 1_000_000n);
  if (Number.isFinite(firstChunkMs) && spanStartMs > 0 && firstChunkMs >= spanStartMs) ctx.record.timeToFirstChunkMs = firstChunkMs - spanStartMs;
}

function safeBigInt(s: string): bigint {
  try {
    return BigInt(s);
  } catch {
    return 0n;
  }
}
