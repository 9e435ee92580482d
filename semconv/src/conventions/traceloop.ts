/** OpenLLMetry / Traceloop: traceloop.* decorator spans, llm.request.type, llm.usage.*, llm.* request fields. */
import {
  acknowledge, acknowledgePrefix, fillString, read, setBoolean, setCount, setParam, setString, setStringList, setTotalTokens, type MapContext,
} from '../context.js';
import { normalizeFinishReason } from '../messages/finish-reason.js';
import { collectIndexed, hasIndexed } from '../messages/indexed.js';
import type { StepType } from '../types.js';
import { asString, isRecord, jsonOrString, textOf } from '../values.js';
import type { ConventionMapper } from './mapper.js';

const REQUEST_TYPE: Record<string, string> = {
  chat: 'chat', completion: 'text_completion', embedding: 'embeddings', rerank: 'rerank',
};

const SPAN_KIND: Record<string, { operation: string | null; step: StepType }> = {
  workflow: { operation: 'invoke_workflow', step: 'chain' },
  task: { operation: null, step: 'chain' },
  agent: { operation: 'invoke_agent', step: 'agent' },
  tool: { operation: 'execute_tool', step: 'tool' },
};

const ASSOCIATION = 'traceloop.association.properties.';
const LLM_PARAMS: [string, string][] = [
  ['llm.top_k', 'top_k'], ['llm.frequency_penalty', 'frequency_penalty'], ['llm.presence_penalty', 'presence_penalty'],
  ['llm.chat.stop_sequences', 'stop_sequences'], ['llm.request.max_tokens', 'max_tokens'],
];

export const traceloop: ConventionMapper = {
  name: 'traceloop',
  applies: (ctx) => ctx.summary.traceloop || ctx.summary.llm,
  map(ctx) {
    const requestType = asString(read(ctx, 'llm.request.type'))?.toLowerCase();
    if (requestType) fillString(ctx, 'operation', REQUEST_TYPE[requestType] ?? requestType);
    setCount(ctx, 'reasoningTokens', 'llm.usage.reasoning_tokens');
    setTotalTokens(ctx, 'llm.usage.total_tokens');
    acknowledge(ctx, 'llm.headers', 'llm.request.repetition_penalty');
    setBoolean(ctx, 'stream', 'llm.is_streaming');
    setStringList(ctx, 'finishReasons', 'llm.response.finish_reason', normalizeFinishReason);
    setStringList(ctx, 'finishReasons', 'llm.response.stop_reason', normalizeFinishReason);
    setString(ctx, 'userId', 'llm.user');
    for (const [key, name] of LLM_PARAMS) setParam(ctx, name, key);
    mapFunctions(ctx);
    if (ctx.summary.traceloop) mapDecoratorSpan(ctx);
  },
};

function mapDecoratorSpan(ctx: MapContext): void {
  const kind = asString(read(ctx, 'traceloop.span.kind'))?.toLowerCase();
  const entity = asString(read(ctx, 'traceloop.entity.name'));
  const mapping = kind ? SPAN_KIND[kind] : undefined;
  if (mapping) {
    fillString(ctx, 'operation', mapping.operation);
    ctx.stepHint ??= mapping.step;
    if (kind === 'agent') fillString(ctx, 'agentName', entity);
  }
  // The LangChain instrumentation marks tools `task` spans with gen_ai.operation.name execute_tool.
  if (kind === 'tool' || ctx.record.operation === 'execute_tool') mapToolIo(ctx, entity);
  setString(ctx, 'workflowName', 'traceloop.workflow.name');
  if (kind === 'workflow') fillString(ctx, 'workflowName', entity);
  for (const id of ['session_id', 'sessionId', 'conversation_id']) setString(ctx, 'conversationId', ASSOCIATION + id);
  for (const id of ['user_id', 'userId']) setString(ctx, 'userId', ASSOCIATION + id);
  acknowledgePrefix(ctx, ASSOCIATION);
  acknowledgePrefix(ctx, 'traceloop.entity.');
  acknowledgePrefix(ctx, 'traceloop.prompt.');
}

/**
 * A tool span's arguments and result. LangChain tools return a serialized ToolMessage
 * (`{lc: 1, type: 'constructor', kwargs: {content, tool_call_id, name}}`): its content is the result, and
 * its name and call id name the tool better than the entity, which is the tool's class (`DynamicStructuredTool`).
 */
function mapToolIo(ctx: MapContext, entity: string | undefined): void {
  const output = read(ctx, 'traceloop.entity.output');
  const result = output === undefined ? undefined : jsonOrString(output);
  const message = langChainMessage(result);
  if (message) {
    fillString(ctx, 'toolName', textOf(message.name));
    fillString(ctx, 'toolCallId', textOf(message.tool_call_id));
  }
  fillString(ctx, 'toolName', entity);
  const input = read(ctx, 'traceloop.entity.input');
  if (input !== undefined && ctx.record.toolArguments === null) {
    const args = unwrapEntityIo(jsonOrString(input));
    ctx.record.toolArguments = typeof args === 'string' ? jsonOrString(args) : args;
  }
  if (result !== undefined && ctx.record.toolResult === null) ctx.record.toolResult = message && message.content !== undefined ? jsonOrString(message.content as never) : result;
}

/** The kwargs of a LangChain-serialized message (`{lc, type: 'constructor', id: [..., 'ToolMessage'], kwargs}`), if it is one. */
function langChainMessage(v: unknown): Record<string, unknown> | undefined {
  if (!isRecord(v) || v.lc === undefined || v.type !== 'constructor' || !isRecord(v.kwargs)) return undefined;
  return v.kwargs;
}

/**
 * Decorators record `{args: [...], kwargs: {...}}`, and the MCP instrumentation `{tool_name, arguments}`; a single-object
 * call reads better as the object itself.
 */
function unwrapEntityIo(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if (typeof o.tool_name === 'string' && 'arguments' in o && Object.keys(o).length === 2) return o.arguments;
  if (Array.isArray(o.args) && o.args.length === 1 && (o.kwargs === undefined || Object.keys(o.kwargs as object).length === 0)) return o.args[0];
  return v;
}

function mapFunctions(ctx: MapContext): void {
  if (!ctx.decodeContent) return acknowledgePrefix(ctx, 'llm.request.functions.');
  if (ctx.record.toolDefinitions !== null || !hasIndexed(ctx, 'llm.request.functions.')) return;
  const defs = collectIndexed(ctx, 'llm.request.functions.').map((f) => ({
    type: 'function', name: f.name, ...(f.description ? { description: f.description } : {}),
    ...(f.parameters !== undefined ? { parameters: jsonOrString(f.parameters as string) } : {}),
  }));
  if (defs.length > 0) ctx.record.toolDefinitions = defs;
}
