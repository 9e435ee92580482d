// @google/genai `models.generateContent` / `generateContentStream` / `embedContent` → GenAI calls.
// Gemini's promptTokenCount already includes cached tokens (the spec's input); thoughts are output.
import type { Attributes } from '@opentelemetry/api';
import * as A from '../core/attributes.js';
import { toSpecFinishReason, type InputMessage, type MessagePart, type OutputMessage, type ToolDefinition } from '../core/messages.js';
import type { CallSpec } from '../core/instrumentation-base.js';
import { serverEndpoint, type ServerEndpoint } from '../core/patch.js';
import type { StreamObserver } from '../core/stream.js';
import type { InferenceRequest, InferenceResult, TokenUsage } from '../core/telemetry.js';
import { numberAttr, stopSequences } from '../core/values.js';

type Obj = Record<string, unknown>;
interface GenerateParams {
  model?: unknown;
  contents?: unknown;
  config?: Obj;
}

const DEFAULT_HOST = 'https://generativelanguage.googleapis.com';

/** The Models resource's API client: Vertex AI or the Gemini API, and its base URL. */
interface ApiClient {
  isVertexAI?: () => boolean;
  getBaseUrl?: () => string;
}
const apiClientOf = (models: unknown): ApiClient | undefined => (models as { apiClient?: ApiClient } | undefined)?.apiClient;

function providerOf(models: unknown): string {
  try {
    return apiClientOf(models)?.isVertexAI?.() ? A.GEN_AI_PROVIDER.vertexAi : A.GEN_AI_PROVIDER.gemini;
  } catch {
    return A.GEN_AI_PROVIDER.gemini;
  }
}

function endpointOf(models: unknown): ServerEndpoint {
  try {
    return serverEndpoint(apiClientOf(models)?.getBaseUrl?.() ?? DEFAULT_HOST);
  } catch {
    return serverEndpoint(DEFAULT_HOST);
  }
}

/** `models/gemini-2.0-flash` and `publishers/google/models/…` name the model by their last segment. */
const modelName = (model: unknown): string | undefined => (typeof model === 'string' && model ? model.slice(model.lastIndexOf('/') + 1) : undefined);

function generateRequest(params: GenerateParams, endpoint: ServerEndpoint, models: unknown, stream: boolean): InferenceRequest | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const config = (params.config ?? {}) as Obj;
  const attributes: Attributes = {};
  numberAttr(attributes, A.ATTR_GEN_AI_REQUEST_MAX_TOKENS, config.maxOutputTokens);
  numberAttr(attributes, A.ATTR_GEN_AI_REQUEST_TEMPERATURE, config.temperature);
  numberAttr(attributes, A.ATTR_GEN_AI_REQUEST_TOP_P, config.topP);
  numberAttr(attributes, A.ATTR_GEN_AI_REQUEST_TOP_K, config.topK);
  numberAttr(attributes, A.ATTR_GEN_AI_REQUEST_SEED, config.seed);
  numberAttr(attributes, A.ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, config.frequencyPenalty);
  numberAttr(attributes, A.ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, config.presencePenalty);
  if (typeof config.candidateCount === 'number' && config.candidateCount !== 1) attributes[A.ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = config.candidateCount;
  const stops = stopSequences(config.stopSequences);
  if (stops) attributes[A.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stops;
  if (config.responseMimeType === 'application/json') attributes[A.ATTR_GEN_AI_OUTPUT_TYPE] = 'json';
  if (stream) attributes[A.ATTR_GEN_AI_REQUEST_STREAM] = true;
  return {
    operation: A.GEN_AI_OPERATION.generateContent,
    provider: providerOf(models),
    model: modelName(params.model),
    serverAddress: endpoint.address,
    serverPort: endpoint.port,
    attributes,
    content: () => ({
      inputMessages: inputMessages(params.contents),
      systemInstructions: config.systemInstruction === undefined ? undefined : contentParts(config.systemInstruction),
      toolDefinitions: toolDefinitions(config.tools),
    }),
  };
}

const isContent = (v: unknown): v is Obj => typeof v === 'object' && v !== null && Array.isArray((v as Obj).parts);
const role = (r: unknown) => (r === 'model' ? 'assistant' : typeof r === 'string' ? r : 'user');

/** `contents` as the SDK takes it: a string, a part, a Content, or a list of either (loose parts make one user turn). */
export function inputMessages(contents: unknown): InputMessage[] {
  const list = Array.isArray(contents) ? contents : contents === undefined ? [] : [contents];
  const messages: InputMessage[] = [];
  let loose: MessagePart[] = [];
  for (const item of list) {
    if (isContent(item)) {
      if (loose.length) messages.push({ role: 'user', parts: loose });
      loose = [];
      messages.push({ role: role(item.role), parts: (item.parts as unknown[]).map(part) });
    } else loose.push(part(item));
  }
  if (loose.length) messages.push({ role: 'user', parts: loose });
  return messages;
}

/** A system instruction (string, part, Content or parts) as its parts. */
function contentParts(content: unknown): MessagePart[] {
  if (isContent(content)) return (content.parts as unknown[]).map(part);
  return (Array.isArray(content) ? content : [content]).map(part);
}

function part(raw: unknown): MessagePart {
  if (typeof raw === 'string') return { type: 'text', content: raw };
  const p = (raw ?? {}) as Obj;
  if (typeof p.text === 'string') return p.thought === true ? { type: 'reasoning', content: p.text } : { type: 'text', content: p.text };
  if (p.functionCall) {
    const c = p.functionCall as Obj;
    return { type: 'tool_call', id: typeof c.id === 'string' ? c.id : undefined, name: String(c.name ?? ''), arguments: c.args };
  }
  if (p.functionResponse) {
    const r = p.functionResponse as Obj;
    return { type: 'tool_call_response', id: typeof r.id === 'string' ? r.id : undefined, response: r.response };
  }
  if (p.inlineData) {
    const d = p.inlineData as Obj;
    return { type: 'blob', modality: modality(d.mimeType), mime_type: d.mimeType as string | undefined, content: String(d.data ?? '') };
  }
  if (p.fileData) {
    const f = p.fileData as Obj;
    return { type: 'uri', modality: modality(f.mimeType), mime_type: f.mimeType as string | undefined, uri: String(f.fileUri ?? '') };
  }
  return { type: Object.keys(p)[0] ?? 'unknown' };
}

const modality = (mime: unknown) => (typeof mime === 'string' && /^(image|audio|video)\//.test(mime) ? mime.split('/')[0]! : 'document');

function toolDefinitions(tools: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  return tools.flatMap((raw) => {
    const t = (raw ?? {}) as Obj;
    const declarations = t.functionDeclarations;
    if (Array.isArray(declarations)) {
      return declarations.map((d: Obj) => ({ type: 'function', name: String(d.name ?? ''), description: d.description as string | undefined, parameters: d.parameters ?? d.parametersJsonSchema }));
    }
    // Built-in tools (googleSearch, codeExecution, …) by their key.
    return Object.keys(t).map((key) => ({ type: key, name: key }));
  });
}

function usageOf(metadata: unknown): TokenUsage | undefined {
  if (!metadata || typeof metadata !== 'object') return undefined;
  const m = metadata as { promptTokenCount?: number; candidatesTokenCount?: number; cachedContentTokenCount?: number; thoughtsTokenCount?: number; toolUsePromptTokenCount?: number };
  const thoughts = m.thoughtsTokenCount ?? 0;
  return {
    inputTokens: m.promptTokenCount === undefined ? undefined : m.promptTokenCount + (m.toolUsePromptTokenCount ?? 0),
    outputTokens: m.candidatesTokenCount === undefined && !thoughts ? undefined : (m.candidatesTokenCount ?? 0) + thoughts,
    cacheReadInputTokens: m.cachedContentTokenCount,
    reasoningOutputTokens: m.thoughtsTokenCount,
  };
}

/** Gemini's finish reasons onto the spec's output-message enum. */
function specFinishReason(reason: unknown, parts: MessagePart[]): string {
  if (parts.some((p) => p.type === 'tool_call')) return 'tool_call';
  switch (reason) {
    case 'STOP':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
      return 'content_filter';
    default:
      return toSpecFinishReason(typeof reason === 'string' ? reason.toLowerCase() : undefined);
  }
}

function responseResult(body: Obj): InferenceResult {
  const candidates = Array.isArray(body?.candidates) ? (body.candidates as Obj[]) : [];
  // As the spec's enum (Gemini says STOP even when it answers with a function call): tool_call, stop, length, content_filter.
  const reasons = candidates
    .filter((c) => typeof c.finishReason === 'string')
    .map((c) => specFinishReason(c.finishReason, ((c.content as Obj | undefined)?.parts as unknown[] | undefined)?.map(part) ?? []));
  return {
    responseId: typeof body?.responseId === 'string' ? body.responseId : undefined,
    responseModel: typeof body?.modelVersion === 'string' ? body.modelVersion : undefined,
    finishReasons: reasons.length ? reasons : undefined,
    usage: usageOf(body?.usageMetadata),
    outputMessages: () =>
      candidates.map((c): OutputMessage => {
        const parts = ((c.content as Obj | undefined)?.parts as unknown[] | undefined)?.map(part) ?? [];
        return { role: 'assistant', parts, finish_reason: specFinishReason(c.finishReason, parts) };
      }),
  };
}

/** Rebuilds the response from its chunks: text pieces appended per candidate, other parts kept, the last usage and reasons. */
export class GenerateContentStreamAccumulator implements StreamObserver {
  private readonly candidates: { parts: Obj[]; finishReason?: unknown }[] = [];
  private last: Obj = {};

  onChunk(raw: unknown): void {
    const chunk = (raw ?? {}) as Obj;
    for (const [k, v] of Object.entries(chunk)) if (k !== 'candidates' && v !== undefined) this.last[k] = v;
    for (const c of (chunk.candidates as Obj[] | undefined) ?? []) {
      const index = typeof c.index === 'number' ? c.index : 0;
      const acc = (this.candidates[index] ??= { parts: [] });
      if (c.finishReason !== undefined) acc.finishReason = c.finishReason;
      for (const p of ((c.content as Obj | undefined)?.parts as Obj[] | undefined) ?? []) {
        const prev = acc.parts[acc.parts.length - 1];
        if (typeof p.text === 'string' && prev && typeof prev.text === 'string' && prev.thought === p.thought) prev.text += p.text;
        else acc.parts.push({ ...p });
      }
    }
  }

  result(): InferenceResult {
    return responseResult({ ...this.last, candidates: this.candidates.filter(Boolean).map((c) => ({ content: { parts: c.parts }, finishReason: c.finishReason })) });
  }
}

export const generateContentSpec: CallSpec<GenerateParams> = {
  endpoint: endpointOf,
  request: (params, endpoint, models) => generateRequest(params, endpoint, models, false),
  isStreaming: () => false,
  handlers: { onBody: (body, call) => call.end(responseResult(body as Obj)), streamObserver: () => new GenerateContentStreamAccumulator() },
};

export const generateContentStreamSpec: CallSpec<GenerateParams> = {
  ...generateContentSpec,
  request: (params, endpoint, models) => generateRequest(params, endpoint, models, true),
  isStreaming: () => true,
};

export const embedContentSpec: CallSpec<GenerateParams> = {
  endpoint: endpointOf,
  request(params, endpoint, models) {
    if (!params || typeof params !== 'object') return undefined;
    const attributes: Attributes = {};
    numberAttr(attributes, A.ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, (params.config as Obj | undefined)?.outputDimensionality);
    return { operation: A.GEN_AI_OPERATION.embeddings, provider: providerOf(models), model: modelName(params.model), serverAddress: endpoint.address, serverPort: endpoint.port, attributes };
  },
  isStreaming: () => false,
  handlers: {
    onBody(body, call) {
      const b = (body ?? {}) as { embeddings?: { values?: unknown[]; statistics?: { tokenCount?: number } }[] };
      const first = b.embeddings?.[0];
      if (Array.isArray(first?.values)) call.span.setAttribute(A.ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, first.values.length);
      // Vertex AI counts the input tokens per embedding; the Gemini API reports none.
      const counts = (b.embeddings ?? []).map((e) => e.statistics?.tokenCount).filter((n): n is number => typeof n === 'number');
      call.end({ usage: counts.length ? { inputTokens: counts.reduce((a, n) => a + n, 0) } : undefined });
    },
    streamObserver: () => new GenerateContentStreamAccumulator(),
  },
};
