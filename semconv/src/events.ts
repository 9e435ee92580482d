/**
 * Content carried by events — span events or OTLP log records tied to the span: v1.28–1.36 message events
 * (gen_ai.{system,user,assistant,tool}.message, gen_ai.choice), the current gen_ai.client.inference.operation.details,
 * and the oldest gen_ai.content.prompt/completion span events. Fills only what span attributes left empty.
 */
import * as A from './attributes.js';
import { fillMessages, fillString, jsonValue, note, type MapContext } from './context.js';
import { mapContent } from './conventions/otel-genai.js';
import { toMessage, toMessages } from './messages/canonical.js';
import { normalizeProvider } from './provider.js';
import type { Attributes, LogRecordInput, Message, SpanInput } from './types.js';
import { asNumber, asString, isRecord } from './values.js';

export interface ContentEvent {
  name: string;
  attributes: Attributes;
  body: unknown;
}

const MESSAGE_ROLES: Record<string, string> = {
  [A.GEN_AI_EVENT_SYSTEM_MESSAGE]: 'system',
  [A.GEN_AI_EVENT_USER_MESSAGE]: 'user',
  [A.GEN_AI_EVENT_ASSISTANT_MESSAGE]: 'assistant',
  [A.GEN_AI_EVENT_TOOL_MESSAGE]: 'tool',
};

const CONTENT_EVENTS = new Set([
  ...Object.keys(MESSAGE_ROLES), A.GEN_AI_EVENT_CHOICE, A.GEN_AI_EVENT_CLIENT_INFERENCE_OPERATION_DETAILS,
  A.GEN_AI_EVENT_CONTENT_PROMPT, A.GEN_AI_EVENT_CONTENT_COMPLETION,
]);

export function isContentEventName(name: string): boolean {
  return name.startsWith('gen_ai.');
}

export function eventsFromSpan(span: SpanInput): ContentEvent[] {
  const out: ContentEvent[] = [];
  for (const e of span.events) out.push({ name: e.name, attributes: e.attributes ?? {}, body: undefined });
  return out;
}

export function eventsFromLogs(logs: LogRecordInput[]): ContentEvent[] {
  const out: ContentEvent[] = [];
  for (const log of logs) {
    const name = log.eventName || asString(log.attributes?.['event.name']) || '';
    if (name) out.push({ name, attributes: log.attributes ?? {}, body: log.body });
  }
  return out;
}

/** An event's body as JSON; none (undefined) when it has none — an OTLP log record without a body reads back as ''. */
function bodyOf(ctx: MapContext, e: ContentEvent): unknown {
  return e.body === undefined || e.body === null || e.body === '' ? undefined : jsonValue(ctx, `event ${e.name} body`, e.body);
}

/** Message events keep their payload in the body (logs) or, as span events, in attributes or `gen_ai.event.content`. */
function payload(ctx: MapContext, e: ContentEvent): Record<string, unknown> {
  const fromBody = bodyOf(ctx, e);
  if (isRecord(fromBody)) return fromBody;
  if (typeof fromBody === 'string') return { content: fromBody };
  const wrapped = e.attributes['gen_ai.event.content'];
  if (wrapped !== undefined) {
    const parsed = jsonValue(ctx, `event ${e.name} gen_ai.event.content`, wrapped);
    if (isRecord(parsed)) return parsed;
  }
  return e.attributes;
}

/** Returns true when any event contributed. */
export function applyEvents(ctx: MapContext, events: readonly ContentEvent[]): boolean {
  const input: Message[] = [];
  const choices: { index: number; message: Message }[] = [];
  let used = false;
  for (const e of events) {
    if (!ctx.decodeContent && CONTENT_EVENTS.has(e.name)) {
      ctx.mapped.add(`event:${e.name}`);
      used = true;
      continue;
    }
    const role = MESSAGE_ROLES[e.name];
    if (role) {
      const msg = toMessage({ ...payload(ctx, e), role }, role);
      if (msg) input.push(msg);
    } else if (e.name === A.GEN_AI_EVENT_CHOICE) {
      const p = payload(ctx, e);
      const inner = isRecord(p.message) ? p.message : p;
      const msg = toMessage({ ...inner, role: inner.role ?? 'assistant', finish_reason: p.finish_reason ?? inner.finish_reason }, 'assistant');
      if (msg) choices.push({ index: asNumber(p.index as never) ?? choices.length, message: msg });
    } else if (e.name === A.GEN_AI_EVENT_CLIENT_INFERENCE_OPERATION_DETAILS) {
      const body = bodyOf(ctx, e);
      mapContent(ctx, isRecord(body) ? { ...e.attributes, ...body } : e.attributes);
    } else if (e.name === A.GEN_AI_EVENT_CONTENT_PROMPT) {
      fillMessages(ctx, 'inputMessages', toMessages(jsonValue(ctx, `event ${e.name}`, e.attributes[A.ATTR_GEN_AI_PROMPT]), 'user'));
    } else if (e.name === A.GEN_AI_EVENT_CONTENT_COMPLETION) {
      fillMessages(ctx, 'outputMessages', toMessages(jsonValue(ctx, `event ${e.name}`, e.attributes[A.ATTR_GEN_AI_COMPLETION]), 'assistant'));
    } else if (e.name === 'ai.stream.firstChunk') {
      const ms = asNumber(e.attributes['ai.response.msToFirstChunk'] ?? e.attributes['ai.stream.msToFirstChunk']);
      if (ms !== undefined && ms >= 0 && ctx.record.timeToFirstChunkMs === null) ctx.record.timeToFirstChunkMs = ms;
    } else if (e.name === 'exception') {
      if (ctx.span.statusCode === 'ERROR') fillString(ctx, 'errorType', asString(e.attributes['exception.type']));
      continue;
    } else continue;
    used = true;
    ctx.mapped.add(`event:${e.name}`);
    const system = asString(e.attributes[A.ATTR_GEN_AI_SYSTEM]) ?? asString(e.attributes[A.ATTR_GEN_AI_PROVIDER_NAME]);
    if (system) fillString(ctx, 'provider', normalizeProvider(system));
  }
  if (input.length > 0) {
    if (ctx.record.inputMessages !== null) note(ctx, 'message events ignored for input: span attributes already carried messages');
    fillMessages(ctx, 'inputMessages', input);
  }
  if (choices.length > 0) {
    choices.sort((a, b) => a.index - b.index);
    fillMessages(ctx, 'outputMessages', choices.map((c) => c.message));
  }
  return used;
}
