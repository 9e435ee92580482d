// Responses API: `input` items / `instructions` → messages; output items and usage → result.
import * as A from '../core/attributes.js';
import { chatRequest } from '../core/chat-request.js';
import { openAiProvider } from './provider.js';
import { parseToolArguments, type InputMessage, type MessagePart, type OutputMessage, type ToolDefinition } from '../core/messages.js';
import type { CallSpec } from '../core/instrumentation-base.js';
import type { StreamObserver } from '../core/stream.js';
import type { InferenceResult } from '../core/telemetry.js';
import { responsesRequestAttributes } from './request-params.js';
import { openAiUsage, RESPONSES_USAGE } from './usage.js';

type Obj = Record<string, unknown>;
type ResponsesParams = Obj & { model?: string; input?: unknown; instructions?: unknown; tools?: unknown[]; stream?: boolean };

export const responsesSpec: CallSpec<ResponsesParams> = {
  request(params, endpoint, client) {
    if (!params || typeof params !== 'object') return undefined;
    return chatRequest(openAiProvider(endpoint, client), params, endpoint, {
      attributes: responsesRequestAttributes(params),
      content: () => ({
        inputMessages: responsesInput(params.input),
        systemInstructions: typeof params.instructions === 'string' ? [{ type: 'text', content: params.instructions }] : undefined,
        toolDefinitions: responsesTools(params.tools),
      }),
    });
  },
  isStreaming: (params) => params?.stream === true,
  handlers: {
    onBody: (body, call) => call.end(responsesResult(body as Obj)),
    streamObserver: () => new ResponsesStreamObserver(),
  },
};

function responsesInput(input: unknown): InputMessage[] {
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  if (!Array.isArray(input)) return [];
  return input.map((raw) => {
    const item = raw as Obj;
    if (item.type === 'function_call') {
      return { role: 'assistant', parts: [{ type: 'tool_call', id: item.call_id as string, name: String(item.name ?? ''), arguments: parseToolArguments(item.arguments) }] };
    }
    if (item.type === 'function_call_output') {
      return { role: 'tool', parts: [{ type: 'tool_call_response', id: item.call_id as string, response: item.output }] };
    }
    return { role: typeof item.role === 'string' ? item.role : 'user', parts: itemContentParts(item.content) };
  });
}

function itemContentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  return content.map((raw): MessagePart => {
    const p = raw as Obj;
    if (p.type === 'input_text' || p.type === 'output_text') return { type: 'text', content: String(p.text ?? '') };
    if (p.type === 'input_image' && typeof p.image_url === 'string') return { type: 'uri', modality: 'image', uri: p.image_url };
    if (p.type === 'input_file' && typeof p.file_id === 'string') return { type: 'file', modality: 'document', file_id: p.file_id };
    return { ...p, type: String(p.type ?? 'unknown') };
  });
}

function responsesTools(tools: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  return tools.map((raw) => {
    const t = raw as Obj;
    return t.type === 'function'
      ? { type: 'function', name: String(t.name ?? ''), description: t.description as string | undefined, parameters: t.parameters }
      : { type: String(t.type ?? 'custom'), name: String(t.name ?? t.type ?? '') };
  });
}

function responsesResult(body: Obj): InferenceResult {
  const output = (Array.isArray(body?.output) ? body.output : []) as Obj[];
  const hasToolCall = output.some((o) => o.type === 'function_call');
  const incomplete = (body?.incomplete_details as Obj | undefined)?.reason;
  const finish =
    body?.status === 'incomplete'
      ? incomplete === 'max_output_tokens' ? 'length' : String(incomplete ?? 'length')
      : body?.status === 'failed' ? 'error' : hasToolCall ? 'tool_call' : 'stop';
  return {
    responseId: typeof body?.id === 'string' ? body.id : undefined,
    responseModel: typeof body?.model === 'string' ? body.model : undefined,
    finishReasons: body?.status ? [finish] : undefined,
    usage: openAiUsage(body?.usage, RESPONSES_USAGE),
    outputMessages: () => [responsesOutputMessage(output, finish)],
  };
}

function responsesOutputMessage(output: Obj[], finish: string): OutputMessage {
  const parts: MessagePart[] = [];
  for (const item of output) {
    if (item.type === 'message') parts.push(...itemContentParts(item.content));
    else if (item.type === 'function_call') {
      parts.push({ type: 'tool_call', id: item.call_id as string, name: String(item.name ?? ''), arguments: parseToolArguments(item.arguments) });
    } else if (item.type === 'reasoning') {
      const text = ((item.summary as Obj[] | undefined) ?? []).map((s) => s.text ?? '').join('\n');
      if (text) parts.push({ type: 'reasoning', content: text });
    }
  }
  return { role: 'assistant', parts, finish_reason: finish };
}

/** Streaming Responses end with `response.completed` (or incomplete/failed) carrying the full response. */
class ResponsesStreamObserver implements StreamObserver {
  private final: Obj | undefined;

  onChunk(raw: unknown): void {
    const event = raw as Obj;
    if (event.response && typeof event.type === 'string' && event.type.startsWith('response.')) {
      this.final = event.response as Obj;
    }
  }

  result(): InferenceResult {
    return this.final ? responsesResult(this.final) : {};
  }
}
