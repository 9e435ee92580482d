// Amazon Bedrock Runtime `ConverseCommand` / `ConverseStreamCommand` (sent with `client.send`) → GenAI calls.
// Bedrock's `inputTokens` leaves cache reads and writes out; the spec's `gen_ai.usage.input_tokens` includes them.
import type { Attributes } from '@opentelemetry/api';
import * as A from '../core/attributes.js';
import { chatRequest } from '../core/chat-request.js';
import { parseToolArguments, toSpecFinishReason, type InputMessage, type MessagePart, type ToolDefinition } from '../core/messages.js';
import type { CallSpec } from '../core/instrumentation-base.js';
import type { ServerEndpoint } from '../core/patch.js';
import type { StreamObserver } from '../core/stream.js';
import type { InferenceResult, TokenUsage } from '../core/telemetry.js';
import { numberAttr, stopSequences } from '../core/values.js';

type Obj = Record<string, unknown>;
/** A command as `client.send` gets it: the SDK class (its name says which API) and its input. */
interface Command {
  constructor?: { name?: string };
  input?: Obj & { modelId?: string; messages?: Obj[]; system?: Obj[]; inferenceConfig?: Obj; toolConfig?: Obj };
}

const COMMANDS = { converse: 'ConverseCommand', converseStream: 'ConverseStreamCommand' };

/** Where each instrumented client sends (resolved once: the SDK only offers it asynchronously). */
export const ENDPOINTS = new WeakMap<object, ServerEndpoint>();

function converseRequest(command: Command, endpoint: ServerEndpoint, stream: boolean) {
  if (command?.constructor?.name !== (stream ? COMMANDS.converseStream : COMMANDS.converse)) return undefined;
  const input = command.input ?? {};
  const config = (input.inferenceConfig ?? {}) as Obj;
  const attributes: Attributes = {};
  numberAttr(attributes, A.ATTR_GEN_AI_REQUEST_MAX_TOKENS, config.maxTokens);
  numberAttr(attributes, A.ATTR_GEN_AI_REQUEST_TEMPERATURE, config.temperature);
  numberAttr(attributes, A.ATTR_GEN_AI_REQUEST_TOP_P, config.topP);
  const stops = stopSequences(config.stopSequences);
  if (stops) attributes[A.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stops;
  if (stream) attributes[A.ATTR_GEN_AI_REQUEST_STREAM] = true;
  return chatRequest(A.GEN_AI_PROVIDER.bedrock, { model: input.modelId }, endpoint, {
    attributes,
    content: () => ({
      inputMessages: (input.messages ?? []).map(inputMessage),
      systemInstructions: Array.isArray(input.system) ? input.system.map(blockPart) : undefined,
      toolDefinitions: toolDefinitions((input.toolConfig as Obj | undefined)?.tools),
    }),
  });
}

function inputMessage(m: Obj): InputMessage {
  return { role: typeof m.role === 'string' ? m.role : 'user', parts: Array.isArray(m.content) ? m.content.map(blockPart) : [] };
}

function blockPart(raw: unknown): MessagePart {
  const b = (raw ?? {}) as Obj;
  if (typeof b.text === 'string') return { type: 'text', content: b.text };
  if (b.toolUse) {
    const u = b.toolUse as Obj;
    return { type: 'tool_call', id: u.toolUseId as string | undefined, name: String(u.name ?? ''), arguments: u.input };
  }
  if (b.toolResult) {
    const r = b.toolResult as Obj;
    const content = Array.isArray(r.content) ? (r.content as Obj[]) : [];
    const texts = content.map((c) => (typeof c.text === 'string' ? c.text : c.json !== undefined ? JSON.stringify(c.json) : undefined));
    return { type: 'tool_call_response', id: r.toolUseId as string | undefined, response: texts.every((t) => t !== undefined) ? texts.join('') : content };
  }
  if (b.reasoningContent) return { type: 'reasoning', content: String(((b.reasoningContent as Obj).reasoningText as Obj | undefined)?.text ?? '') };
  if (b.image || b.document || b.video) {
    const modality = b.image ? 'image' : b.video ? 'video' : 'document';
    const media = (b.image ?? b.document ?? b.video) as Obj;
    return { type: 'blob', modality, mime_type: typeof media.format === 'string' ? `${modality}/${media.format}` : undefined, content: '' };
  }
  return { type: Object.keys(b)[0] ?? 'unknown' };
}

function toolDefinitions(tools: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  return tools
    .map((t) => (t as Obj).toolSpec as Obj | undefined)
    .filter((spec): spec is Obj => !!spec)
    .map((spec) => ({ type: 'function', name: String(spec.name ?? ''), description: spec.description as string | undefined, parameters: (spec.inputSchema as Obj | undefined)?.json }));
}

function usageOf(raw: unknown): TokenUsage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const u = raw as { inputTokens?: number; outputTokens?: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number };
  const cacheRead = u.cacheReadInputTokens ?? 0;
  const cacheWrite = u.cacheWriteInputTokens ?? 0;
  return {
    inputTokens: u.inputTokens === undefined ? undefined : u.inputTokens + cacheRead + cacheWrite,
    outputTokens: u.outputTokens,
    cacheReadInputTokens: u.cacheReadInputTokens,
    cacheCreationInputTokens: u.cacheWriteInputTokens,
  };
}

function finishReason(stop: unknown): string {
  return stop === 'guardrail_intervened' || stop === 'content_filtered' ? 'content_filter' : toSpecFinishReason(typeof stop === 'string' ? stop : undefined);
}

function converseResult(body: Obj): InferenceResult {
  const stop = typeof body?.stopReason === 'string' ? body.stopReason : undefined;
  const message = ((body?.output as Obj | undefined)?.message ?? {}) as Obj;
  return {
    responseId: ((body?.$metadata as Obj | undefined)?.requestId as string | undefined) ?? undefined,
    finishReasons: stop ? [stop] : undefined,
    usage: usageOf(body?.usage),
    outputMessages: () => [{ role: 'assistant', parts: Array.isArray(message.content) ? message.content.map(blockPart) : [], finish_reason: finishReason(stop) }],
  };
}

/** Rebuilds the message from ConverseStream events: text and tool-input deltas per content block, the stop reason, the usage. */
export class ConverseStreamAccumulator implements StreamObserver {
  private readonly blocks: Obj[] = [];
  private readonly toolInput = new Map<number, string>();
  private stopReason: unknown;
  private usage: unknown;

  onChunk(raw: unknown): void {
    const event = (raw ?? {}) as Obj;
    if (event.contentBlockStart) {
      const e = event.contentBlockStart as Obj;
      const use = (e.start as Obj | undefined)?.toolUse as Obj | undefined;
      if (use) this.blocks[e.contentBlockIndex as number] = { toolUse: { toolUseId: use.toolUseId, name: use.name, input: {} } };
    } else if (event.contentBlockDelta) {
      const e = event.contentBlockDelta as Obj;
      const index = e.contentBlockIndex as number;
      const delta = (e.delta ?? {}) as Obj;
      if (typeof delta.text === 'string') {
        const block = (this.blocks[index] ??= { text: '' });
        block.text = String(block.text ?? '') + delta.text;
      } else if (delta.toolUse) this.toolInput.set(index, (this.toolInput.get(index) ?? '') + String((delta.toolUse as Obj).input ?? ''));
      else if (delta.reasoningContent) {
        const block = (this.blocks[index] ??= { reasoningContent: { reasoningText: { text: '' } } });
        const text = (block.reasoningContent as Obj).reasoningText as Obj;
        text.text = String(text.text ?? '') + String((delta.reasoningContent as Obj).text ?? '');
      }
    } else if (event.messageStop) this.stopReason = (event.messageStop as Obj).stopReason;
    else if (event.metadata) this.usage = (event.metadata as Obj).usage;
  }

  result(): InferenceResult {
    for (const [index, json] of this.toolInput) {
      const use = (this.blocks[index]?.toolUse ?? undefined) as Obj | undefined;
      if (use) use.input = parseToolArguments(json);
    }
    return converseResult({ output: { message: { content: this.blocks.filter(Boolean) } }, stopReason: this.stopReason, usage: this.usage });
  }
}

/** The endpoint `instrumentClient` resolved for this client (none yet: the call goes without `server.*`). */
export const bedrockEndpointOf = (client: unknown): ServerEndpoint => (client && typeof client === 'object' ? (ENDPOINTS.get(client) ?? {}) : {});

export const converseSpec: CallSpec<Command> = {
  endpoint: bedrockEndpointOf,
  request: (command, endpoint) => converseRequest(command, endpoint, false) ?? converseRequest(command, endpoint, true),
  isStreaming: (command) => command?.constructor?.name === COMMANDS.converseStream,
  handlers: {
    onBody: (body, call) => call.end(converseResult(body as Obj)),
    streamObserver: () => new ConverseStreamAccumulator(),
    streamIn: {
      get: (body) => (body as { stream?: unknown } | undefined)?.stream,
      set: (body, stream) => Object.assign(body as object, { stream }),
    },
  },
};
