/** Current OTel GenAI semconv (v1.41, plus the newer cache_write spelling). Highest precedence. */
import * as A from '../attributes.js';
import {
  acknowledge, dropped, jsonValue, keySuffix, read, setBoolean, setCount, setNumber, setParam, setString, setStringList, setTotalTokens,
  type MapContext,
} from '../context.js';
import { toMessages, toSystemParts } from '../messages/canonical.js';
import { normalizeFinishReason } from '../messages/finish-reason.js';
import { normalizeProvider } from '../provider.js';
import { jsonOrString, looksLikeJson } from '../values.js';
import type { ConventionMapper } from './mapper.js';

const REQUEST_PREFIX = 'gen_ai.request.';
const lower = (s: string) => s.toLowerCase();
type Handler = (ctx: MapContext, key: string) => void;
const ignore: Handler = (ctx, key) => acknowledge(ctx, key); // understood, no canonical field

/**
 * Key → handler. The mapper walks the span's own keys (≈12) instead of probing ≈35 known names: on the ingest
 * path most probes would miss, and megamorphic keyed misses are what dominated its profile.
 */
const HANDLERS = new Map<string, Handler>([
  [A.ATTR_GEN_AI_OPERATION_NAME, (ctx, k) => setString(ctx, 'operation', k, lower)],
  [A.ATTR_GEN_AI_PROVIDER_NAME, (ctx, k) => setString(ctx, 'provider', k, normalizeProvider)],
  [A.ATTR_GEN_AI_REQUEST_MODEL, (ctx, k) => setString(ctx, 'requestModel', k)],
  [A.ATTR_GEN_AI_RESPONSE_MODEL, (ctx, k) => setString(ctx, 'responseModel', k)],
  [A.ATTR_GEN_AI_RESPONSE_ID, (ctx, k) => setString(ctx, 'responseId', k)],
  [A.ATTR_GEN_AI_RESPONSE_FINISH_REASONS, (ctx, k) => setStringList(ctx, 'finishReasons', k, normalizeFinishReason)],
  [A.ATTR_GEN_AI_CONVERSATION_ID, (ctx, k) => setString(ctx, 'conversationId', k)],
  // OTel general semconv user attributes, set beside gen_ai.* by instrumentations that know the end user.
  ['user.id', (ctx, k) => setString(ctx, 'userId', k)],
  ['enduser.id', (ctx, k) => setString(ctx, 'userId', k)],
  [A.ATTR_GEN_AI_AGENT_ID, (ctx, k) => setString(ctx, 'agentId', k)],
  [A.ATTR_GEN_AI_AGENT_NAME, (ctx, k) => setString(ctx, 'agentName', k)],
  [A.ATTR_GEN_AI_WORKFLOW_NAME, (ctx, k) => setString(ctx, 'workflowName', k)],
  [A.ATTR_GEN_AI_TOOL_NAME, (ctx, k) => setString(ctx, 'toolName', k)],
  [A.ATTR_GEN_AI_TOOL_CALL_ID, (ctx, k) => setString(ctx, 'toolCallId', k)],
  [A.ATTR_ERROR_TYPE, (ctx, k) => setString(ctx, 'errorType', k)],
  // time_to_first_chunk is in seconds
  [A.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, (ctx, k) => setNumber(ctx, 'timeToFirstChunkMs', k, 1000)],
  [A.ATTR_GEN_AI_REQUEST_STREAM, (ctx, k) => setBoolean(ctx, 'stream', k)],
  [A.ATTR_GEN_AI_USAGE_INPUT_TOKENS, (ctx, k) => setCount(ctx, 'inputTokens', k)],
  [A.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, (ctx, k) => setCount(ctx, 'outputTokens', k)],
  [A.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, (ctx, k) => setCount(ctx, 'cacheReadTokens', k)],
  [A.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, (ctx, k) => setCount(ctx, 'cacheWriteTokens', k)],
  [A.ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS, (ctx, k) => setCount(ctx, 'cacheWriteTokens', k)],
  [A.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, (ctx, k) => setCount(ctx, 'reasoningTokens', k)],
  [A.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, (ctx, k) => {
    const v = read(ctx, k);
    if (ctx.record.toolArguments === null) ctx.record.toolArguments = jsonOrString(v);
  }],
  [A.ATTR_GEN_AI_TOOL_CALL_RESULT, (ctx, k) => {
    const v = read(ctx, k);
    if (ctx.record.toolResult === null) ctx.record.toolResult = jsonOrString(v);
  }],
  ...[A.ATTR_GEN_AI_AGENT_DESCRIPTION, A.ATTR_GEN_AI_AGENT_VERSION, A.ATTR_GEN_AI_TOOL_DESCRIPTION, A.ATTR_GEN_AI_TOOL_TYPE,
    A.ATTR_GEN_AI_DATA_SOURCE_ID, A.ATTR_GEN_AI_PROMPT_NAME, A.ATTR_GEN_AI_OUTPUT_TYPE, A.ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ].map((k): [string, Handler] => [k, ignore]),
  ['gen_ai.usage.total_tokens', setTotalTokens],
]);

export const otelGenAi: ConventionMapper = {
  name: 'otel-genai',
  applies: (ctx) => ctx.summary.genAi,
  map(ctx) {
    const params = ctx.summary.genAiRequest;
    for (const key of ctx.summary.keys) {
      const handler = HANDLERS.get(key);
      if (handler) handler(ctx, key);
      else if (params && key.startsWith(REQUEST_PREFIX)) setParam(ctx, keySuffix(key, REQUEST_PREFIX.length), key);
    }
    mapContent(ctx, ctx.attrs);
  },
};

/**
 * gen_ai.input.messages / output.messages / system_instructions / tool.definitions, from span attributes or from a
 * `gen_ai.client.inference.operation.details` event (same keys), so both paths share this function.
 * Without content decoding (ingest), span content is only shape-checked so malformed JSON is still noted.
 */
export function mapContent(ctx: MapContext, source: Record<string, unknown>): void {
  const viaSpan = source === ctx.attrs;
  for (const [field, key, convert] of CONTENT) {
    const v = source[key];
    if (v === undefined) continue;
    if (viaSpan) ctx.mapped.add(key);
    if (!ctx.decodeContent) {
      if (typeof v === 'string' && !looksLikeJson(v)) dropped(ctx, key, v, 'not valid JSON');
      continue;
    }
    if (ctx.record[field] !== null) continue;
    const decoded = convert(jsonValue(ctx, viaSpan ? key : `event ${key}`, v));
    if (decoded) (ctx.record as unknown as Record<string, unknown>)[field] = decoded;
  }
}

type ContentField = 'inputMessages' | 'outputMessages' | 'systemInstructions' | 'toolDefinitions';
const nonEmpty = <T>(v: T[] | null): T[] | null => (v && v.length > 0 ? v : null);
const CONTENT: [ContentField, string, (v: unknown) => unknown[] | null][] = [
  ['inputMessages', A.ATTR_GEN_AI_INPUT_MESSAGES, (v) => toMessages(v, 'user')],
  ['outputMessages', A.ATTR_GEN_AI_OUTPUT_MESSAGES, (v) => toMessages(v, 'assistant')],
  ['systemInstructions', A.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, (v) => nonEmpty(toSystemParts(v))],
  ['toolDefinitions', A.ATTR_GEN_AI_TOOL_DEFINITIONS, (v) => (Array.isArray(v) ? nonEmpty(v) : null)],
];
