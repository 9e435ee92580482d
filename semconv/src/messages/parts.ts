/**
 * One converter for message parts in every dialect we meet (OTel parts, OpenAI chat content and tool_calls,
 * Anthropic content blocks, Vercel AI SDK parts, Gemini parts) → the OTel GenAI parts shape.
 */
import type { MessagePart } from '../types.js';
import { isRecord, jsonOrString } from '../values.js';
import type { AttrValue } from '../types.js';

/** Part types already in canonical shape: returned as-is, no copy (the hot path for current-semconv input). */
const CANONICAL_TYPES = new Set([
  'text', 'reasoning', 'tool_call', 'tool_call_response', 'server_tool_call', 'server_tool_call_response', 'blob', 'file', 'uri',
]);

/** Same type name, different dialect: Vercel's `file` carries data, ours a file_id; `text` may spell content as text. */
function isCanonicalShape(type: string, raw: Record<string, unknown>): boolean {
  if (type === 'text') return typeof raw.content === 'string';
  if (type === 'file') return typeof raw.file_id === 'string';
  return true;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function args(v: unknown): unknown {
  return typeof v === 'string' ? jsonOrString(v) : (v ?? null);
}

/** Anthropic tool_result content is a string or an array of text blocks. */
function flattenText(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  const texts: string[] = [];
  for (const b of v) {
    if (isRecord(b) && typeof b.text === 'string') texts.push(b.text);
    else return v;
  }
  return texts.join('');
}

function mediaPart(raw: Record<string, unknown>, modality: string): MessagePart {
  const mime = str(raw.mimeType) ?? str(raw.mediaType) ?? str(raw.media_type) ?? str(raw.mime_type);
  const source = isRecord(raw.source) ? raw.source : undefined;
  const url = str(raw.url) ?? (isRecord(raw.image_url) ? str(raw.image_url.url) : str(raw.image_url)) ?? str(source?.url);
  if (url && !url.startsWith('data:')) return { type: 'uri', modality, uri: url, ...(mime ? { mime_type: mime } : {}) };
  const data = str(raw.data) ?? str(raw.image) ?? str(source?.data) ?? url;
  if (data !== undefined) return { type: 'blob', modality, content: data, ...(mime ? { mime_type: mime } : {}) };
  const fileId = str(raw.file_id) ?? str(raw.fileId);
  if (fileId) return { type: 'file', modality, file_id: fileId };
  return { ...raw, type: modality } as MessagePart;
}

export function toPart(raw: unknown): MessagePart | null {
  if (typeof raw === 'string') return { type: 'text', content: raw };
  if (!isRecord(raw)) return raw === null || raw === undefined ? null : { type: 'text', content: String(raw) };
  const type = str(raw.type);
  if (type && CANONICAL_TYPES.has(type) && isCanonicalShape(type, raw)) return raw as MessagePart;
  switch (type) {
    case 'text': case 'input_text': case 'output_text':
      return { type: 'text', content: str(raw.content) ?? str(raw.text) ?? '' };
    case 'thinking': case 'redacted_thinking':
      return { type: 'reasoning', content: str(raw.thinking) ?? str(raw.text) ?? str(raw.data) ?? '' };
    case 'tool-call': // Vercel AI SDK (input in v5+, args in v4)
      return { type: 'tool_call', id: str(raw.toolCallId), name: str(raw.toolName), arguments: args(raw.input ?? raw.args) };
    case 'tool_use': // Anthropic
      return { type: 'tool_call', id: str(raw.id), name: str(raw.name), arguments: args(raw.input) };
    case 'function': // OpenAI tool_calls entry
      return toolCallFromOpenAi(raw);
    case 'tool-result': // Vercel AI SDK (output in v5+, result in v4)
      return { type: 'tool_call_response', id: str(raw.toolCallId), response: raw.output ?? raw.result ?? null };
    case 'tool_result': // Anthropic
      return { type: 'tool_call_response', id: str(raw.tool_use_id), response: flattenText(raw.content) ?? null };
    case 'image_url': case 'image': case 'input_image':
      return mediaPart(raw, 'image');
    case 'input_audio': case 'audio':
      return mediaPart(isRecord(raw.input_audio) ? { ...raw.input_audio, mime_type: `audio/${String(raw.input_audio.format ?? '')}` } : raw, 'audio');
  }
  if (type === 'file' || type === 'document') return mediaPart(raw, 'file');
  if (type === undefined) {
    if (typeof raw.text === 'string') return { type: 'text', content: raw.text }; // Gemini
    if (isRecord(raw.function)) return toolCallFromOpenAi(raw);
    if (isRecord(raw.functionCall)) {
      return { type: 'tool_call', name: str(raw.functionCall.name), arguments: args(raw.functionCall.args) };
    }
    if (isRecord(raw.functionResponse)) {
      return { type: 'tool_call_response', name: str(raw.functionResponse.name), response: raw.functionResponse.response ?? null };
    }
  }
  return { ...raw, type: type ?? 'unknown' } as MessagePart;
}

export function toolCallFromOpenAi(raw: Record<string, unknown>): MessagePart {
  const fn = isRecord(raw.function) ? raw.function : raw;
  return { type: 'tool_call', id: str(raw.id), name: str(fn.name), arguments: args(fn.arguments) };
}

/** Content of any shape → parts. A JSON string of typed blocks (OpenLLMetry stringifies Anthropic content) is unpacked. */
export function toParts(content: unknown): MessagePart[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') {
    if (content.startsWith('[{') && content.includes('"type"')) {
      const parsed = jsonOrString(content as AttrValue);
      if (Array.isArray(parsed)) return toParts(parsed);
    }
    return [{ type: 'text', content }];
  }
  if (Array.isArray(content)) {
    let out: MessagePart[] | null = null;
    for (let i = 0; i < content.length; i++) {
      const p = toPart(content[i]);
      // Reuse the input array while every part is already canonical (no allocation on the common path).
      if (out === null && p !== null && p === content[i]) continue;
      if (out === null) out = content.slice(0, i) as MessagePart[];
      if (p) out.push(p);
    }
    return out ?? (content as MessagePart[]);
  }
  const p = toPart(content);
  return p ? [p] : [];
}
