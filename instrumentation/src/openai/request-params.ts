// OpenAI request parameters → `gen_ai.request.*` attributes (shared by chat and responses).
import type { Attributes } from '@opentelemetry/api';
import * as A from '../core/attributes.js';
import { numberAttr, stopSequences } from '../core/values.js';

type Params = Record<string, unknown>;

/** `response_format` / `text.format` type → `gen_ai.output.type`. */
export function outputType(format: unknown): string | undefined {
  const type = (format as { type?: unknown } | undefined)?.type;
  if (type === 'json_object' || type === 'json_schema') return 'json';
  if (type === 'text') return 'text';
  return undefined;
}

export function chatRequestAttributes(p: Params): Attributes {
  const attrs: Attributes = {};
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_TEMPERATURE, p.temperature);
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_TOP_P, p.top_p);
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_MAX_TOKENS, p.max_completion_tokens ?? p.max_tokens);
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, p.frequency_penalty);
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, p.presence_penalty);
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_SEED, p.seed);
  if (typeof p.n === 'number' && p.n !== 1) attrs[A.ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = p.n;
  const stops = stopSequences(p.stop);
  if (stops) attrs[A.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stops;
  if (p.stream === true) attrs[A.ATTR_GEN_AI_REQUEST_STREAM] = true;
  const out = outputType(p.response_format);
  if (out) attrs[A.ATTR_GEN_AI_OUTPUT_TYPE] = out;
  return attrs;
}

export function responsesRequestAttributes(p: Params): Attributes {
  const attrs: Attributes = {};
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_TEMPERATURE, p.temperature);
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_TOP_P, p.top_p);
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_MAX_TOKENS, p.max_output_tokens);
  if (p.stream === true) attrs[A.ATTR_GEN_AI_REQUEST_STREAM] = true;
  const out = outputType((p.text as { format?: unknown } | undefined)?.format);
  if (out) attrs[A.ATTR_GEN_AI_OUTPUT_TYPE] = out;
  if (typeof p.conversation === 'string') attrs[A.ATTR_GEN_AI_CONVERSATION_ID] = p.conversation;
  return attrs;
}
