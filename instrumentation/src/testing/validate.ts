// Checks a finished span against the GenAI semantic conventions (v1.41) this package targets.
// Returns the problems found, so a test can print all of them at once; [] means valid.
import { SpanKind, SpanStatusCode, type AttributeValue, type Attributes } from '@opentelemetry/api';
import * as A from '../core/attributes.js';

/** The parts of a finished span the validator reads (ReadableSpan satisfies it). */
export interface SpanLike {
  name: string;
  kind: SpanKind;
  attributes: Attributes;
  status: { code: SpanStatusCode };
}

const INFERENCE_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'embeddings']);
const NAMED_OPERATIONS: Record<string, string> = {
  invoke_agent: A.ATTR_GEN_AI_AGENT_NAME,
  execute_tool: A.ATTR_GEN_AI_TOOL_NAME,
  invoke_workflow: A.ATTR_GEN_AI_WORKFLOW_NAME,
  create_agent: A.ATTR_GEN_AI_AGENT_NAME,
};
const DEPRECATED = ['gen_ai.system', 'gen_ai.usage.prompt_tokens', 'gen_ai.usage.completion_tokens', 'gen_ai.prompt', 'gen_ai.completion'];
const TOKEN_ATTRS = [
  A.ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  A.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  A.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  A.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  A.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
];

export function validateGenAiSpan(span: SpanLike): string[] {
  const problems: string[] = [];
  const attrs = span.attributes;
  const operation = attrs[A.ATTR_GEN_AI_OPERATION_NAME];
  if (typeof operation !== 'string') return [`${A.ATTR_GEN_AI_OPERATION_NAME} is required`];
  for (const name of DEPRECATED) if (name in attrs) problems.push(`deprecated attribute ${name}`);

  if (INFERENCE_OPERATIONS.has(operation)) problems.push(...validateInference(span, operation));
  else if (operation in NAMED_OPERATIONS) {
    const subject = attrs[NAMED_OPERATIONS[operation]!];
    if (typeof subject !== 'string' || !subject) problems.push(`${NAMED_OPERATIONS[operation]} is required for ${operation}`);
    else if (span.name !== `${operation} ${subject}`) problems.push(`span name "${span.name}" should be "${operation} ${subject}"`);
  } else problems.push(`unknown ${A.ATTR_GEN_AI_OPERATION_NAME} "${operation}"`);

  if (span.status.code === SpanStatusCode.ERROR && typeof attrs[A.ATTR_ERROR_TYPE] !== 'string') {
    problems.push(`${A.ATTR_ERROR_TYPE} is required when the span status is ERROR`);
  }
  for (const key of [A.ATTR_GEN_AI_INPUT_MESSAGES, A.ATTR_GEN_AI_OUTPUT_MESSAGES]) {
    if (key in attrs) problems.push(...validateMessages(key, attrs[key], key === A.ATTR_GEN_AI_OUTPUT_MESSAGES));
  }
  for (const key of [A.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, A.ATTR_GEN_AI_TOOL_DEFINITIONS]) {
    if (key in attrs && !Array.isArray(parseJson(attrs[key]))) problems.push(`${key} must be a JSON array`);
  }
  return problems;
}

function validateInference(span: SpanLike, operation: string): string[] {
  const problems: string[] = [];
  const attrs = span.attributes;
  const model = attrs[A.ATTR_GEN_AI_REQUEST_MODEL];
  if (typeof attrs[A.ATTR_GEN_AI_PROVIDER_NAME] !== 'string') problems.push(`${A.ATTR_GEN_AI_PROVIDER_NAME} is required`);
  if (typeof model !== 'string') problems.push(`${A.ATTR_GEN_AI_REQUEST_MODEL} is required when the model is known`);
  const expected = typeof model === 'string' ? `${operation} ${model}` : operation;
  if (span.name !== expected) problems.push(`span name "${span.name}" should be "${expected}"`);
  if (span.kind !== SpanKind.CLIENT) problems.push('inference spans must be CLIENT');
  if (A.ATTR_SERVER_ADDRESS in attrs && typeof attrs[A.ATTR_SERVER_PORT] !== 'number') {
    problems.push(`${A.ATTR_SERVER_PORT} is required when ${A.ATTR_SERVER_ADDRESS} is set`);
  }
  for (const key of TOKEN_ATTRS) {
    const v = attrs[key];
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 0)) problems.push(`${key} must be a non-negative integer`);
  }
  const reasons = attrs[A.ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
  if (reasons !== undefined && !(Array.isArray(reasons) && reasons.every((r) => typeof r === 'string'))) {
    problems.push(`${A.ATTR_GEN_AI_RESPONSE_FINISH_REASONS} must be a string array`);
  }
  const ttfc = attrs[A.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
  if (ttfc !== undefined && !(typeof ttfc === 'number' && ttfc >= 0)) problems.push('time_to_first_chunk must be seconds >= 0');
  return problems;
}

function validateMessages(key: string, value: AttributeValue | undefined, output: boolean): string[] {
  const parsed = parseJson(value);
  if (!Array.isArray(parsed)) return [`${key} must be a JSON array`];
  const problems: string[] = [];
  parsed.forEach((m: { role?: unknown; parts?: unknown; finish_reason?: unknown }, i) => {
    if (typeof m?.role !== 'string') problems.push(`${key}[${i}].role must be a string`);
    if (!Array.isArray(m?.parts) || !m.parts.every((p: { type?: unknown }) => typeof p?.type === 'string')) {
      problems.push(`${key}[${i}].parts must be an array of typed parts`);
    }
    if (output && typeof m?.finish_reason !== 'string') problems.push(`${key}[${i}].finish_reason is required`);
  });
  return problems;
}

function parseJson(value: AttributeValue | undefined): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
