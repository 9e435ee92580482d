// Chat Completions: request → InferenceRequest, body/chunks → InferenceResult.
import * as A from '../core/attributes.js';
import { chatRequest } from '../core/chat-request.js';
import { openAiProvider } from './provider.js';
import {
  parseToolArguments,
  toSpecFinishReason,
  type InputMessage,
  type MessagePart,
  type OutputMessage,
  type ToolDefinition,
} from '../core/messages.js';
import type { ResultHandlers } from '../core/api-promise.js';
import type { StreamObserver } from '../core/stream.js';
import type { CallSpec } from '../core/instrumentation-base.js';
import type { InferenceResult, TokenUsage } from '../core/telemetry.js';
import { chatRequestAttributes } from './request-params.js';
import { CHAT_USAGE, openAiUsage } from './usage.js';

type Obj = Record<string, unknown>;
type ChatParams = Obj & { model?: string; messages?: unknown[]; tools?: unknown[]; stream?: boolean };

interface ToolCall {
  id?: string;
  function?: { name?: string; arguments?: string };
}
interface ChatChoice {
  index?: number;
  finish_reason?: string | null;
  message?: { role?: string; content?: unknown; refusal?: string | null; tool_calls?: ToolCall[] };
}

export const chatCompletionsSpec: CallSpec<ChatParams> = {
  request(params, endpoint, client) {
    if (!params || typeof params !== 'object') return undefined;
    return chatRequest(openAiProvider(endpoint, client), params, endpoint, {
      attributes: chatRequestAttributes(params),
      content: () => ({
        inputMessages: (params.messages ?? []).map((m) => chatInputMessage(m as Obj)),
        toolDefinitions: chatToolDefinitions(params.tools),
      }),
    });
  },
  isStreaming: (params) => params?.stream === true,
  handlers: {
    onBody: (body, call) => call.end(chatResult(body as Obj)),
    streamObserver: () => new ChatStreamAccumulator(),
  } satisfies ResultHandlers,
};

function chatResult(body: Obj): InferenceResult {
  const choices = (Array.isArray(body?.choices) ? body.choices : []) as ChatChoice[];
  return {
    responseId: typeof body?.id === 'string' ? body.id : undefined,
    responseModel: typeof body?.model === 'string' ? body.model : undefined,
    finishReasons: choices.map((c) => c.finish_reason ?? '').filter(Boolean),
    usage: openAiUsage(body?.usage, CHAT_USAGE),
    outputMessages: () => choices.map(chatOutputMessage),
  };
}

function chatOutputMessage(choice: ChatChoice): OutputMessage {
  const m = choice.message ?? {};
  const parts: MessagePart[] = [];
  if (typeof m.content === 'string' && m.content) parts.push({ type: 'text', content: m.content });
  if (m.refusal) parts.push({ type: 'text', content: m.refusal });
  for (const tc of m.tool_calls ?? []) parts.push(toolCallPart(tc));
  return { role: m.role ?? 'assistant', parts, finish_reason: toSpecFinishReason(choice.finish_reason) };
}

function toolCallPart(tc: ToolCall): MessagePart {
  return { type: 'tool_call', id: tc.id, name: tc.function?.name ?? '', arguments: parseToolArguments(tc.function?.arguments) };
}

function chatInputMessage(m: Obj): InputMessage {
  const role = typeof m.role === 'string' ? m.role : 'user';
  const parts: MessagePart[] =
    role === 'tool'
      ? [{ type: 'tool_call_response', id: m.tool_call_id as string | undefined, response: contentAsText(m.content) }]
      : contentParts(m.content);
  for (const tc of (m.tool_calls as ToolCall[] | undefined) ?? []) parts.push(toolCallPart(tc));
  const message: InputMessage = { role, parts };
  if (typeof m.name === 'string') message.name = m.name;
  return message;
}

/** OpenAI content: a string or an array of typed parts (text, image_url, input_audio, file). */
function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  return content.map((raw): MessagePart => {
    const p = raw as Obj;
    switch (p.type) {
      case 'text':
        return { type: 'text', content: String(p.text ?? '') };
      case 'image_url': {
        const url = String((p.image_url as Obj | undefined)?.url ?? '');
        const data = /^data:([^;]+);base64,(.*)$/s.exec(url);
        return data
          ? { type: 'blob', modality: 'image', mime_type: data[1], content: data[2] }
          : { type: 'uri', modality: 'image', uri: url };
      }
      case 'input_audio': {
        const audio = p.input_audio as Obj | undefined;
        return { type: 'blob', modality: 'audio', mime_type: `audio/${audio?.format ?? 'wav'}`, content: String(audio?.data ?? '') };
      }
      case 'file':
        return { type: 'file', modality: 'document', file_id: String((p.file as Obj | undefined)?.file_id ?? '') };
      default:
        return { ...p, type: String(p.type ?? 'unknown') };
    }
  });
}

function contentAsText(content: unknown): unknown {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p as Obj).text ?? '').join('');
  return content;
}

function chatToolDefinitions(tools: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  return tools.map((raw) => {
    const t = raw as Obj;
    const fn = t.function as Obj | undefined;
    if (fn) {
      return { type: 'function', name: String(fn.name ?? ''), description: fn.description as string | undefined, parameters: fn.parameters };
    }
    return { type: String(t.type ?? 'custom'), name: String((t.custom as Obj | undefined)?.name ?? t.type ?? '') };
  });
}

interface PendingChoice {
  role: string;
  text: string;
  finishReason?: string;
  toolCalls: Map<number, { id?: string; name: string; args: string }>;
}

/** Rebuilds the response from `chat.completion.chunk`s, incl. the usage-only final chunk. */
export class ChatStreamAccumulator implements StreamObserver {
  private id: string | undefined;
  private model: string | undefined;
  private usage: TokenUsage | undefined;
  private readonly choices = new Map<number, PendingChoice>();

  onChunk(raw: unknown): void {
    const chunk = raw as Obj;
    if (typeof chunk.id === 'string') this.id ??= chunk.id;
    if (typeof chunk.model === 'string') this.model ??= chunk.model;
    if (chunk.usage) this.usage = openAiUsage(chunk.usage, CHAT_USAGE);
    for (const c of (chunk.choices as Obj[] | undefined) ?? []) {
      const index = typeof c.index === 'number' ? c.index : 0;
      let choice = this.choices.get(index);
      if (!choice) this.choices.set(index, (choice = { role: 'assistant', text: '', toolCalls: new Map() }));
      const delta = (c.delta ?? {}) as Obj;
      if (typeof delta.role === 'string') choice.role = delta.role;
      if (typeof delta.content === 'string') choice.text += delta.content;
      for (const raw of (delta.tool_calls as Obj[] | undefined) ?? []) {
        const ti = typeof raw.index === 'number' ? raw.index : 0;
        const fn = (raw.function ?? {}) as Obj;
        const call = choice.toolCalls.get(ti) ?? { name: '', args: '' };
        if (typeof raw.id === 'string') call.id = raw.id;
        if (typeof fn.name === 'string') call.name += fn.name;
        if (typeof fn.arguments === 'string') call.args += fn.arguments;
        choice.toolCalls.set(ti, call);
      }
      if (typeof c.finish_reason === 'string') choice.finishReason = c.finish_reason;
    }
  }

  result(): InferenceResult {
    const choices = [...this.choices.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
    return {
      responseId: this.id,
      responseModel: this.model,
      finishReasons: choices.map((c) => c.finishReason ?? '').filter(Boolean),
      usage: this.usage,
      outputMessages: () =>
        choices.map((c) => {
          const parts: MessagePart[] = c.text ? [{ type: 'text', content: c.text }] : [];
          for (const tc of [...c.toolCalls.values()]) {
            parts.push({ type: 'tool_call', id: tc.id, name: tc.name, arguments: parseToolArguments(tc.args) });
          }
          return { role: c.role, parts, finish_reason: toSpecFinishReason(c.finishReason) };
        }),
    };
  }
}
