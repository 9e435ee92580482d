/**
 * The mutable state one normalization pass shares between convention mappers, and the setters they use.
 * Precedence is "first writer wins": mappers run in precedence order and a setter only fills an empty field,
 * but every key a mapper reads is recorded as understood (mapped) even when a stronger source already won.
 */
import type { AttrValue, Attributes, GenAiRecord, Message, MessagePart, SpanInput, StepType } from './types.js';
import { isLegacyNamedKey } from './conventions/otel-genai-legacy-keys.js';
import { KeySet } from './key-set.js';
import { asBoolean, asCount, asNumber, asString, asStringArray, asTagList, MAX_TAGS, parseMaybeJson, preview } from './values.js';

export interface KeySummary {
  keys: string[];
  genAi: boolean;
  llm: boolean;
  ai: boolean;
  traceloop: boolean;
  openInference: boolean;
  langfuse: boolean;
  /** Narrower prefixes, so mappers loop over keys only when something is there to find. */
  genAiRequest: boolean;
  genAiOpenAi: boolean;
  genAiIndexed: boolean;
  llmIndexed: boolean;
  /** A key the legacy mapper reads by name (gen_ai.system, prompt/completion token counts...). */
  genAiLegacyNamed: boolean;
}

export interface MapContext {
  readonly span: SpanInput;
  readonly attrs: Attributes;
  readonly summary: KeySummary;
  readonly record: GenAiRecord;
  readonly mapped: KeySet;
  readonly notes: string[];
  /** Step type when the operation alone cannot tell (OpenInference CHAIN, Vercel outer spans...). */
  stepHint: StepType | null;
  /** False on the ingest path: message/instruction/tool-definition JSON is shape-checked, not parsed. */
  readonly decodeContent: boolean;
  /** Set by a mapper whose source is known to report input tokens exclusive of cache (see tokens.ts). */
  inputExcludesCache: string | null;
  /** The source's total token count, when it reports one: not stored, but it can show input the source left uncounted (tokens.ts). */
  totalTokens: number | null;
}

export type StringField = 'operation' | 'provider' | 'requestModel' | 'responseModel' | 'responseId' | 'toolName' | 'toolCallId'
  | 'agentName' | 'agentId' | 'workflowName' | 'conversationId' | 'userId' | 'errorType';
export type CountField = 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'reasoningTokens';
export type MessagesField = 'inputMessages' | 'outputMessages';

/** One pass over the keys: which prefixes occur. Prefix checks, not regexes, because this runs per span. */
export function summarizeKeys(attrs: Attributes): KeySummary {
  const keys = Object.keys(attrs);
  const s: KeySummary = {
    keys, genAi: false, llm: false, ai: false, traceloop: false, openInference: false, langfuse: false,
    genAiRequest: false, genAiOpenAi: false, genAiIndexed: false, llmIndexed: false, genAiLegacyNamed: false,
  };
  for (const k of keys) {
    switch (k.charCodeAt(0)) {
      case 103: // g
        if (isGenAiKey(k)) {
          s.genAi = true;
          if (isLegacyNamedKey(k)) s.genAiLegacyNamed = true;
          // Dispatch on the 8th character so most keys pay for one startsWith only.
          const c = k.charCodeAt(7);
          if (c === 114) { if (k.startsWith('request.', 7)) s.genAiRequest = true; } // r
          else if (c === 111) { if (k.startsWith('openai.', 7)) s.genAiOpenAi = true; } // o
          else if (c === 112) { if (k.startsWith('prompt.', 7)) s.genAiIndexed = true; } // p
          else if (c === 99 && k.startsWith('completion.', 7)) s.genAiIndexed = true; // c
        }
        break;
      case 108: // l
        if (k.startsWith('llm.')) {
          s.llm = true;
          if (k.startsWith('input_messages.', 4) || k.startsWith('output_messages.', 4) || k.startsWith('prompts.', 4)
            || k.startsWith('tools.', 4) || k.startsWith('request.functions.', 4)) s.llmIndexed = true;
        }
        else if (k.startsWith('langfuse.')) s.langfuse = true;
        break;
      case 97: // a
        if (k.startsWith('ai.')) s.ai = true;
        break;
      case 116: // t
        if (k.startsWith('traceloop.')) s.traceloop = true;
        break;
      case 111: // o
        if (k === 'openinference.span.kind') s.openInference = true;
        break;
    }
  }
  return s;
}

/** `k.startsWith('gen_ai.')`, unrolled: it runs for every key of every span and the builtin call costs more. */
function isGenAiKey(k: string): boolean {
  return k.length > 7 && k.charCodeAt(6) === 46 && k.charCodeAt(3) === 95 && k.charCodeAt(1) === 101 && k.charCodeAt(2) === 110
    && k.charCodeAt(4) === 97 && k.charCodeAt(5) === 105;
}

/** Reads a key and records it as understood. */
export function read(ctx: MapContext, key: string): AttrValue | undefined {
  const v = ctx.attrs[key];
  if (v === undefined) return undefined;
  ctx.mapped.add(key);
  return v;
}

/** Marks keys as understood without a canonical field (e.g. descriptions kept only in the raw attributes). */
export function acknowledge(ctx: MapContext, ...keys: string[]): void {
  for (const k of keys) if (ctx.attrs[k] !== undefined) ctx.mapped.add(k);
}

export function acknowledgePrefix(ctx: MapContext, prefix: string): void {
  for (const k of ctx.summary.keys) if (k.startsWith(prefix)) ctx.mapped.add(k);
}

export function note(ctx: Pick<MapContext, 'notes'>, text: string): void {
  if (!ctx.notes.includes(text)) ctx.notes.push(text);
}

export function fillString(ctx: MapContext, field: StringField, value: string | undefined | null): void {
  if (value && ctx.record[field] === null) ctx.record[field] = value;
}

export function setString(ctx: MapContext, field: StringField, key: string, transform?: (s: string) => string): void {
  const v = read(ctx, key);
  if (v === undefined) return;
  const s = asString(v);
  if (s === undefined) return dropped(ctx, key, v, 'not a string');
  fillString(ctx, field, transform ? transform(s) : s);
}

export function fillCount(ctx: MapContext, field: CountField, value: number | undefined): void {
  if (value !== undefined && ctx.record[field] === null) ctx.record[field] = value;
}

export function setCount(ctx: MapContext, field: CountField, key: string): void {
  const v = read(ctx, key);
  if (v === undefined) return;
  const n = asCount(v);
  if (n === undefined) return dropped(ctx, key, v, 'not a non-negative number');
  fillCount(ctx, field, n);
}

/** The source's total token count (`gen_ai.usage.total_tokens`, `llm.token_count.total`, …), first one seen. */
export function setTotalTokens(ctx: MapContext, key: string): void {
  const v = read(ctx, key);
  if (v === undefined) return;
  const n = asCount(v);
  if (n === undefined) return dropped(ctx, key, v, 'not a non-negative number');
  ctx.totalTokens ??= n;
}

export function setBoolean(ctx: MapContext, field: 'stream', key: string): void {
  const v = read(ctx, key);
  if (v === undefined) return;
  const b = asBoolean(v);
  if (b === undefined) return dropped(ctx, key, v, 'not a boolean');
  if (ctx.record[field] === null) ctx.record[field] = b;
}

export function setNumber(ctx: MapContext, field: 'timeToFirstChunkMs' | 'reportedCostUsd', key: string, scale = 1): void {
  const v = read(ctx, key);
  if (v === undefined) return;
  const n = asNumber(v);
  if (n === undefined || n < 0) return dropped(ctx, key, v, 'not a non-negative number');
  if (ctx.record[field] === null) ctx.record[field] = n * scale;
}

export function setStringList(ctx: MapContext, field: 'finishReasons', key: string, transform: (s: string) => string): void {
  const v = read(ctx, key);
  if (v === undefined) return;
  const list = asStringArray(v);
  if (!list) return dropped(ctx, key, v, 'not a string list');
  if (ctx.record[field] === null) ctx.record[field] = list.map(transform);
}

/** Tags from one key, added to those already found (every source's tags label the span). */
export function addTags(ctx: MapContext, key: string): void {
  const v = read(ctx, key);
  if (v === undefined) return;
  const found = asTagList(v);
  if (!found) return dropped(ctx, key, v, 'not a tag list');
  const tags = (ctx.record.tags ??= []);
  for (const tag of found) if (tags.length < MAX_TAGS && !tags.includes(tag)) tags.push(tag);
  if (tags.length === 0) ctx.record.tags = null;
}

export function setParam(ctx: MapContext, name: string, key: string): void {
  const v = read(ctx, key);
  if (v === undefined || v === null) return;
  const params = ctx.record.requestParameters;
  if (params[name] === undefined) params[name] = v;
}

// Parameter names sliced from keys are fresh strings each span; interning them once keeps property stores fast.
const suffixCache = new Map<string, string>();

/** `key.slice(prefixLength)`, memoized (bounded: keys come from untrusted spans). */
export function keySuffix(key: string, prefixLength: number): string {
  let name = suffixCache.get(key);
  if (name === undefined) {
    name = key.slice(prefixLength);
    if (suffixCache.size < 2000) suffixCache.set(key, name);
  }
  return name;
}

/** Reads a JSON-ish key; a string that is not JSON is dropped with a note. */
export function readJson(ctx: MapContext, key: string): unknown {
  return jsonValue(ctx, key, read(ctx, key));
}

/** A value that may be a JSON string or already decoded; a string that is not JSON is dropped with a note. */
export function jsonValue(ctx: MapContext, label: string, v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  const parsed = parseMaybeJson(v as AttrValue);
  if (!parsed.ok) {
    dropped(ctx, label, v, 'not valid JSON');
    return undefined;
  }
  return parsed.value;
}

/** Whether content should be decoded; when not, marks the keys as understood so diagnostics stay the same. */
export function wantContent(ctx: MapContext, ...keys: string[]): boolean {
  if (ctx.decodeContent) return true;
  for (const k of keys) if (ctx.attrs[k] !== undefined) ctx.mapped.add(k);
  return false;
}

export function fillMessages(ctx: MapContext, field: MessagesField, messages: Message[] | null | undefined): void {
  if (messages && messages.length > 0 && ctx.record[field] === null) ctx.record[field] = messages;
}

export function fillSystem(ctx: MapContext, parts: MessagePart[] | null | undefined): void {
  if (parts && parts.length > 0 && ctx.record.systemInstructions === null) ctx.record.systemInstructions = parts;
}

export function dropped(ctx: Pick<MapContext, 'notes'>, key: string, v: unknown, why: string): void {
  note(ctx, `dropped ${key}=${preview(v)}: ${why}`);
}
