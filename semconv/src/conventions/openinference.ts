/** OpenInference (Arize): openinference.span.kind, llm.*, flattened messages, input.value/output.value, tool.*, session.id. */
import {
  acknowledge, acknowledgePrefix, fillCount, fillMessages, wantContent, fillString, jsonValue, read, readJson, setCount, setNumber, setString, setStringList, setTotalTokens,
  type MapContext,
} from '../context.js';
import { toMessage, toMessages } from '../messages/canonical.js';
import { normalizeFinishReason } from '../messages/finish-reason.js';
import { collectIndexed, hasIndexed } from '../messages/indexed.js';
import { normalizeProvider, providerFromOpenInference } from '../provider.js';
import type { Message, MessagePart, StepType } from '../types.js';
import { asString, isRecord, jsonOrString, textOf } from '../values.js';
import type { ConventionMapper } from './mapper.js';

const KIND: Record<string, { operation: string | null; step: StepType }> = {
  LLM: { operation: 'chat', step: 'llm' },
  EMBEDDING: { operation: 'embeddings', step: 'embedding' },
  RETRIEVER: { operation: 'retrieval', step: 'retrieval' },
  RERANKER: { operation: 'rerank', step: 'retrieval' },
  TOOL: { operation: 'execute_tool', step: 'tool' },
  AGENT: { operation: 'invoke_agent', step: 'agent' },
  CHAIN: { operation: null, step: 'chain' },
  GUARDRAIL: { operation: 'guardrail', step: 'other' },
  EVALUATOR: { operation: 'evaluator', step: 'other' },
  PROMPT: { operation: 'prompt', step: 'other' },
};

export const openInference: ConventionMapper = {
  name: 'openinference',
  applies: (ctx) => ctx.summary.openInference || (ctx.summary.llm && (ctx.attrs['llm.model_name'] !== undefined || ctx.attrs['llm.token_count.prompt'] !== undefined || hasIndexed(ctx, 'llm.input_messages.'))),
  map(ctx) {
    const kind = asString(read(ctx, 'openinference.span.kind'))?.toUpperCase();
    const mapping = kind ? KIND[kind] : undefined;
    if (mapping) {
      fillString(ctx, 'operation', kind === 'LLM' && hasIndexed(ctx, 'llm.prompts.') ? 'text_completion' : mapping.operation);
      ctx.stepHint ??= mapping.step;
    }
    const provider = providerFromOpenInference(asString(read(ctx, 'llm.provider')), asString(read(ctx, 'llm.system')));
    fillString(ctx, 'provider', provider);
    setString(ctx, 'requestModel', 'llm.request.model_name');
    setString(ctx, 'responseModel', 'llm.response.model_name');
    const model = asString(read(ctx, 'llm.model_name')) ?? asString(read(ctx, 'embedding.model_name'));
    fillString(ctx, 'requestModel', model);
    fillString(ctx, 'responseModel', model);

    setCount(ctx, 'inputTokens', 'llm.token_count.prompt');
    setCount(ctx, 'outputTokens', 'llm.token_count.completion');
    setCount(ctx, 'cacheReadTokens', 'llm.token_count.prompt_details.cache_read');
    setCount(ctx, 'cacheWriteTokens', 'llm.token_count.prompt_details.cache_write');
    setCount(ctx, 'reasoningTokens', 'llm.token_count.completion_details.reasoning');
    setTotalTokens(ctx, 'llm.token_count.total');
    setNumber(ctx, 'reportedCostUsd', 'llm.cost.total');
    setStringList(ctx, 'finishReasons', 'llm.finish_reason', normalizeFinishReason);

    setString(ctx, 'conversationId', 'session.id');
    setString(ctx, 'userId', 'user.id');
    setString(ctx, 'agentName', 'agent.name');
    // AGENT spans of some instrumentations (the OpenAI Agents SDK's) name the agent only as the graph node, or the span.
    if (kind === 'AGENT') {
      setString(ctx, 'agentName', 'graph.node.id');
      fillString(ctx, 'agentName', ctx.span.name);
    }
    setString(ctx, 'toolName', 'tool.name');
    setString(ctx, 'toolCallId', 'tool_call.id');
    setString(ctx, 'toolName', 'tool_call.function.name');
    const callArgs = read(ctx, 'tool_call.function.arguments');
    if (callArgs !== undefined && ctx.record.toolArguments === null) ctx.record.toolArguments = jsonOrString(callArgs);

    mapInvocationParameters(ctx);
    mapLangChainMetadata(ctx);
    mapMessages(ctx);
    mapTools(ctx);
    mapInputOutputValues(ctx, kind);
    if (kind === 'LLM') mapLangChainUsageDetails(ctx);

    acknowledge(ctx, 'tool.description', 'tool.parameters', 'tool.json_schema', 'tool.id', 'metadata',
      'input.mime_type', 'output.mime_type', 'llm.function_call', 'llm.prompt_template.template', 'llm.prompt_template.variables',
      'llm.prompt_template.version', 'llm.token_count.prompt_details.audio', 'llm.token_count.completion_details.audio');
    for (const prefix of ['llm.cost.', 'retrieval.documents.', 'reranker.', 'embedding.embeddings.', 'graph.node.', 'agent.', 'llm.prompts.']) {
      acknowledgePrefix(ctx, prefix);
    }
  },
};

function mapInvocationParameters(ctx: MapContext): void {
  const params = readJson(ctx, 'llm.invocation_parameters');
  if (!isRecord(params)) return;
  for (const [k, v] of Object.entries(params)) {
    if (k === 'model' || k === 'messages' || k === 'tools' || v === undefined) continue;
    if (k === 'stream' && typeof v === 'boolean') {
      if (ctx.record.stream === null) ctx.record.stream = v;
      continue;
    }
    if (!(k in ctx.record.requestParameters)) ctx.record.requestParameters[k] = v as never;
  }
}

/**
 * `metadata` is the run's metadata as JSON. LangChain puts its `ls_provider` / `ls_model_name` there (the
 * LangChain instrumentation sets no llm.provider), LangGraph `ls_integration` and the node a run belongs to,
 * and apps their thread and user ids (LangGraph's `thread_id` is a conversation).
 */
function mapLangChainMetadata(ctx: MapContext): void {
  if (ctx.attrs.metadata === undefined) return;
  const meta = jsonOrString(read(ctx, 'metadata'));
  if (!isRecord(meta)) return;
  const provider = textOf(meta.ls_provider);
  if (provider) fillString(ctx, 'provider', normalizeProvider(provider));
  fillString(ctx, 'requestModel', textOf(meta.ls_model_name));
  for (const key of ['thread_id', 'session_id', 'conversation_id']) fillString(ctx, 'conversationId', textOf(meta[key]));
  fillString(ctx, 'userId', textOf(meta.user_id));
  // A LangGraph graph's own run (its nodes' runs name their node): the agent, by the graph's name.
  if (meta.ls_integration === 'langgraph' && meta.langgraph_node === undefined && ctx.record.operation === null) {
    ctx.record.operation = 'invoke_agent';
    fillString(ctx, 'agentName', ctx.span.name);
  }
}

/**
 * LangChain's LLM runs record only input and output totals as `llm.token_count.*` for some providers (Anthropic):
 * the cache reads and writes, which price differently, are in the run's output, LangChain's `usage_metadata`
 * (`input_token_details`, `output_token_details`). Parsed only when the output holds them and no count says them
 * already, so the ingest path pays for it on those spans alone.
 */
function mapLangChainUsageDetails(ctx: MapContext): void {
  if (ctx.record.cacheReadTokens !== null || ctx.record.cacheWriteTokens !== null) return;
  const out = ctx.attrs['output.value'];
  if (typeof out !== 'string' || !out.includes('"input_token_details"')) return;
  const result = jsonOrString(out);
  const generation = isRecord(result) && Array.isArray(result.generations) && Array.isArray(result.generations[0]) ? result.generations[0][0] : undefined;
  const message = isRecord(generation) && isRecord(generation.message) ? generation.message : undefined;
  // A serialized message (`{lc, type: 'constructor', kwargs}`) or a plain one.
  const fields = message && isRecord(message.kwargs) ? message.kwargs : message;
  const usage = fields && isRecord(fields.usage_metadata) ? fields.usage_metadata : undefined;
  if (!usage) return;
  const input = isRecord(usage.input_token_details) ? usage.input_token_details : {};
  const output = isRecord(usage.output_token_details) ? usage.output_token_details : {};
  const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  fillCount(ctx, 'cacheReadTokens', count(input.cache_read));
  fillCount(ctx, 'cacheWriteTokens', count(input.cache_creation));
  fillCount(ctx, 'reasoningTokens', count(output.reasoning));
}

function mapMessages(ctx: MapContext): void {
  if (!ctx.decodeContent) {
    for (const p of ['llm.input_messages.', 'llm.output_messages.', 'llm.tools.']) acknowledgePrefix(ctx, p);
    return;
  }
  if (hasIndexed(ctx, 'llm.input_messages.')) fillMessages(ctx, 'inputMessages', oiMessages(collectIndexed(ctx, 'llm.input_messages.'), 'user'));
  if (hasIndexed(ctx, 'llm.output_messages.')) fillMessages(ctx, 'outputMessages', oiMessages(collectIndexed(ctx, 'llm.output_messages.'), 'assistant'));
  if (ctx.record.inputMessages === null && hasIndexed(ctx, 'llm.prompts.')) {
    const prompts = collectIndexed(ctx, 'llm.prompts.').map((p) => (isRecord(p.prompt) ? p.prompt.text : p.value));
    fillMessages(ctx, 'inputMessages', toMessages(prompts.filter((p) => typeof p === 'string'), 'user'));
  }
}

/** `{message: {role, content, contents: [{message_content: {...}}], tool_calls: [{tool_call: {...}}], tool_call_id}}` */
function oiMessages(items: Record<string, unknown>[], role: string): Message[] {
  const out: Message[] = [];
  for (const item of items) {
    const m = isRecord(item.message) ? item.message : undefined;
    if (!m) continue;
    const contents = Array.isArray(m.contents) ? m.contents.map(oiContent).filter((p): p is MessagePart => p !== null) : undefined;
    const toolCalls = Array.isArray(m.tool_calls) ? m.tool_calls.map((t) => (isRecord(t) ? t.tool_call : undefined)).filter(isRecord) : undefined;
    const msg = toMessage({
      role: m.role, name: m.name, tool_call_id: m.tool_call_id, content: contents ?? m.content, tool_calls: toolCalls,
    }, role);
    if (msg) out.push(msg);
  }
  return out;
}

function oiContent(c: unknown): MessagePart | null {
  const mc = isRecord(c) && isRecord(c.message_content) ? c.message_content : undefined;
  if (!mc) return null;
  if (mc.type === 'image' && isRecord(mc.image) && isRecord(mc.image.image)) return { type: 'uri', modality: 'image', uri: String(mc.image.image.url ?? '') };
  if (typeof mc.text === 'string') return { type: 'text', content: mc.text };
  return null;
}

function mapTools(ctx: MapContext): void {
  if (!ctx.decodeContent || ctx.record.toolDefinitions !== null || !hasIndexed(ctx, 'llm.tools.')) return;
  const defs: unknown[] = [];
  for (const item of collectIndexed(ctx, 'llm.tools.')) {
    const schema = isRecord(item.tool) ? item.tool.json_schema : undefined;
    const parsed = jsonValue(ctx, 'llm.tools.*.tool.json_schema', schema);
    if (parsed !== undefined) defs.push(parsed);
  }
  if (defs.length > 0) ctx.record.toolDefinitions = defs;
}

/** TOOL spans: input.value/output.value are the call's arguments/result. Elsewhere a fallback for missing messages. */
function mapInputOutputValues(ctx: MapContext, kind: string | undefined): void {
  const input = ctx.attrs['input.value'];
  const output = ctx.attrs['output.value'];
  if (input === undefined && output === undefined) return;
  if (kind === 'TOOL') {
    if (input !== undefined && ctx.record.toolArguments === null) ctx.record.toolArguments = jsonOrString(read(ctx, 'input.value'));
    if (output !== undefined && ctx.record.toolResult === null) ctx.record.toolResult = jsonOrString(read(ctx, 'output.value'));
    return;
  }
  if (kind !== 'LLM' || !wantContent(ctx, 'input.value', 'output.value')) return;
  // OpenAI instrumentation puts the raw request/response JSON here.
  if (ctx.record.inputMessages === null && input !== undefined) {
    const req = jsonOrString(read(ctx, 'input.value'));
    if (isRecord(req)) fillMessages(ctx, 'inputMessages', toMessages(req.messages ?? req.input, 'user'));
  } else acknowledge(ctx, 'input.value');
  if (ctx.record.outputMessages === null && output !== undefined) {
    const res = jsonOrString(read(ctx, 'output.value'));
    if (isRecord(res) && Array.isArray(res.choices)) {
      const msgs = res.choices.filter(isRecord).map((ch) => (isRecord(ch.message) ? { ...ch.message, finish_reason: ch.finish_reason } : null));
      fillMessages(ctx, 'outputMessages', toMessages(msgs.filter((m) => m !== null), 'assistant'));
    }
  } else acknowledge(ctx, 'output.value');
}
