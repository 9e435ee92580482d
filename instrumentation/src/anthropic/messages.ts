// Anthropic Messages: request → InferenceRequest; message / stream events → InferenceResult.
// Anthropic's `input_tokens` excludes cached tokens; the spec's `gen_ai.usage.input_tokens` includes them.
import type { Attributes } from '@opentelemetry/api';
import * as A from '../core/attributes.js';
import { chatRequest } from '../core/chat-request.js';
import { toSpecFinishReason, type InputMessage, type MessagePart, type ToolDefinition } from '../core/messages.js';
import type { CallSpec } from '../core/instrumentation-base.js';
import type { ServerEndpoint } from '../core/patch.js';
import type { StreamObserver } from '../core/stream.js';
import type { InferenceResult, TokenUsage } from '../core/telemetry.js';
import { numberAttr, stopSequences } from '../core/values.js';

type Obj = Record<string, unknown>;
export type MessageParams = Obj & { model?: string; messages?: Obj[]; system?: unknown; tools?: Obj[]; stream?: boolean };

export const messagesSpec: CallSpec<MessageParams> = {
  request(params, endpoint) {
    if (!params || typeof params !== 'object') return undefined;
    return messagesRequest(A.GEN_AI_PROVIDER.anthropic, params, endpoint);
  },
  isStreaming: (params) => params?.stream === true,
  handlers: {
    onBody: (body, call) => call.end(messageResult(body as Obj)),
    streamObserver: () => new MessageStreamAccumulator(),
  },
};

/** A Messages API request as a GenAI call to `provider` (Anthropic's API, or Bedrock carrying its body); `model` when the body names none. */
export function messagesRequest(provider: string, params: MessageParams, endpoint: ServerEndpoint, model?: string, stream = params.stream === true) {
  return chatRequest(provider, model === undefined ? params : { ...params, model }, endpoint, {
    attributes: { ...requestAttributes(params), ...(stream ? { [A.ATTR_GEN_AI_REQUEST_STREAM]: true } : {}) },
    content: () => ({
      inputMessages: (params.messages ?? []).map(inputMessage),
      systemInstructions: typeof params.system === 'string' ? [{ type: 'text', content: params.system }] : blockParts(params.system),
      toolDefinitions: toolDefinitions(params.tools),
    }),
  });
}

function requestAttributes(p: MessageParams): Attributes {
  const attrs: Attributes = {};
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_MAX_TOKENS, p.max_tokens);
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_TEMPERATURE, p.temperature);
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_TOP_P, p.top_p);
  numberAttr(attrs, A.ATTR_GEN_AI_REQUEST_TOP_K, p.top_k);
  const stops = stopSequences(p.stop_sequences);
  if (stops) attrs[A.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stops;
  if (p.stream === true) attrs[A.ATTR_GEN_AI_REQUEST_STREAM] = true;
  return attrs;
}

/** Spec semantics: input includes cache reads and writes. */
function anthropicUsage(usage: unknown): TokenUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const u = usage as { input_tokens?: number; output_tokens?: number; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null };
  const cacheRead = u.cache_read_input_tokens ?? 0;
  const cacheCreation = u.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: u.input_tokens === undefined ? undefined : u.input_tokens + cacheRead + cacheCreation,
    outputTokens: u.output_tokens,
    cacheReadInputTokens: u.cache_read_input_tokens ?? undefined,
    cacheCreationInputTokens: u.cache_creation_input_tokens ?? undefined,
  };
}

function inputMessage(m: Obj): InputMessage {
  return { role: typeof m.role === 'string' ? m.role : 'user', parts: blockParts(m.content) ?? [] };
}

function blockParts(content: unknown): MessagePart[] | undefined {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return undefined;
  return content.map((raw): MessagePart => {
    const b = raw as Obj;
    switch (b.type) {
      case 'text':
        return { type: 'text', content: String(b.text ?? '') };
      case 'thinking':
        return { type: 'reasoning', content: String(b.thinking ?? '') };
      case 'tool_use':
        return { type: 'tool_call', id: b.id as string, name: String(b.name ?? ''), arguments: b.input };
      case 'server_tool_use':
        return { type: 'server_tool_call', id: b.id as string, name: String(b.name ?? ''), arguments: b.input };
      case 'tool_result':
        return { type: 'tool_call_response', id: b.tool_use_id as string, response: toolResultContent(b.content) };
      case 'image':
      case 'document':
        return sourcePart(b);
      default:
        return { ...b, type: String(b.type ?? 'unknown') };
    }
  });
}

function toolResultContent(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  const texts = content.filter((c) => (c as Obj).type === 'text').map((c) => String((c as Obj).text));
  return texts.length === content.length ? texts.join('') : content;
}

function sourcePart(b: Obj): MessagePart {
  const source = (b.source ?? {}) as Obj;
  const modality = b.type === 'image' ? 'image' : 'document';
  if (source.type === 'base64') return { type: 'blob', modality, mime_type: source.media_type as string, content: String(source.data ?? '') };
  if (source.type === 'url') return { type: 'uri', modality, uri: String(source.url ?? '') };
  if (source.type === 'file') return { type: 'file', modality, file_id: String(source.file_id ?? '') };
  return { type: modality, source: source.type };
}

function toolDefinitions(tools: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  return tools.map((raw) => {
    const t = raw as Obj;
    return t.input_schema !== undefined || t.type === undefined || t.type === 'custom'
      ? { type: 'function', name: String(t.name ?? ''), description: t.description as string | undefined, parameters: t.input_schema }
      : { type: String(t.type), name: String(t.name ?? t.type) };
  });
}

export function messageResult(body: Obj): InferenceResult {
  const stop = typeof body?.stop_reason === 'string' ? body.stop_reason : undefined;
  return {
    responseId: typeof body?.id === 'string' ? body.id : undefined,
    responseModel: typeof body?.model === 'string' ? body.model : undefined,
    finishReasons: stop ? [stop] : undefined,
    usage: anthropicUsage(body?.usage),
    outputMessages: () => [{ role: 'assistant', parts: blockParts(body?.content) ?? [], finish_reason: toSpecFinishReason(stop) }],
  };
}

/** Rebuilds the message from stream events: message_start, content_block_*, message_delta. */
export class MessageStreamAccumulator implements StreamObserver {
  private message: Obj = {};
  private usage: Obj = {};
  private readonly blocks: Obj[] = [];
  private readonly partialJson = new Map<number, string>();

  onChunk(raw: unknown): void {
    const event = raw as Obj;
    switch (event.type) {
      case 'message_start':
        this.message = (event.message ?? {}) as Obj;
        this.usage = { ...((this.message.usage ?? {}) as Obj) };
        break;
      case 'content_block_start':
        this.blocks[event.index as number] = { ...((event.content_block ?? {}) as Obj) };
        break;
      case 'content_block_delta':
        this.applyDelta(event.index as number, (event.delta ?? {}) as Obj);
        break;
      case 'content_block_stop':
        this.finishBlock(event.index as number);
        break;
      case 'message_delta': {
        const delta = (event.delta ?? {}) as Obj;
        if (delta.stop_reason) this.message.stop_reason = delta.stop_reason;
        // message_delta usage is cumulative; any field it carries replaces the earlier value.
        for (const [k, v] of Object.entries((event.usage ?? {}) as Obj)) if (v !== null && v !== undefined) this.usage[k] = v;
        break;
      }
    }
  }

  private applyDelta(index: number, delta: Obj): void {
    const block = this.blocks[index];
    if (!block) return;
    if (delta.type === 'text_delta') block.text = String(block.text ?? '') + String(delta.text ?? '');
    else if (delta.type === 'thinking_delta') block.thinking = String(block.thinking ?? '') + String(delta.thinking ?? '');
    else if (delta.type === 'input_json_delta') this.partialJson.set(index, (this.partialJson.get(index) ?? '') + String(delta.partial_json ?? ''));
  }

  private finishBlock(index: number): void {
    const json = this.partialJson.get(index);
    const block = this.blocks[index];
    if (json === undefined || !block) return;
    try {
      block.input = JSON.parse(json);
    } catch {
      block.input = json;
    }
    this.partialJson.delete(index);
  }

  result(): InferenceResult {
    for (const index of [...this.partialJson.keys()]) this.finishBlock(index);
    return messageResult({ ...this.message, content: this.blocks.filter(Boolean), usage: this.usage });
  }
}
