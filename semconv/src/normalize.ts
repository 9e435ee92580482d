/**
 * span (+ its content events/log records) → canonical GenAI record. Mappers run in precedence order
 * (current semconv first); each fills only empty fields. See README "Precedence".
 */
import { KeySet } from './key-set.js';
import { inputExcludesCacheBySource } from './known-sources.js';
import { addTags, summarizeKeys, type KeySummary, type MapContext } from './context.js';
import { langfuse } from './conventions/langfuse.js';
import type { ConventionMapper } from './conventions/mapper.js';
import { openInference } from './conventions/openinference.js';
import { otelGenAiLegacy } from './conventions/otel-genai-legacy.js';
import { otelGenAi } from './conventions/otel-genai.js';
import { traceloop } from './conventions/traceloop.js';
import { vercelAi } from './conventions/vercel-ai.js';
import { applyEvents, eventsFromLogs, eventsFromSpan, isContentEventName, type ContentEvent } from './events.js';
import { operationFromSpanName, stepTypeFor } from './step-type.js';
import { emptyRecord } from './record.js';
import { applyTokenSemantics } from './tokens.js';
import type { GenAiRecord, LogRecordInput, SpanInput } from './types.js';

export const MAPPERS: readonly ConventionMapper[] = [otelGenAi, otelGenAiLegacy, openInference, traceloop, vercelAi, langfuse];
export const EVENTS_CONVENTION = 'otel-genai-events';
const WATCHED_PREFIXES = ['gen_ai.', 'llm.', 'ai.', 'traceloop.'];
/** Shared, never written: most spans have no events (with the in-place mapped/unmapped lists, ~5% of the stage, A/B). */
const NO_EVENTS: readonly ContentEvent[] = [];

function looksGenAi(s: KeySummary): boolean {
  return s.genAi || s.llm || s.ai || s.traceloop || s.openInference || s.langfuse;
}

function hasContentEvents(events: readonly { name: string }[]): boolean {
  for (const e of events) if (isContentEventName(e.name)) return true;
  return false;
}

export interface NormalizeOptions {
  /**
   * Decode message/system-instruction/tool-definition content (default true). The ingest path passes false:
   * parsing kilobytes of message JSON would cost more than everything else, and the GenAI columns need none of it.
   * Content keys are still shape-checked and counted as mapped, so diagnostics do not change.
   */
  decodeContent?: boolean;
}

function newContext(span: SpanInput, summary: KeySummary, record: GenAiRecord, decodeContent: boolean): MapContext {
  return {
    span, attrs: span.attributes ?? {}, summary, record, mapped: new KeySet(record.diagnostics.mapped), notes: record.diagnostics.notes,
    stepHint: null, inputExcludesCache: inputExcludesCacheBySource(span), totalTokens: null, decodeContent,
  };
}

/** Null when the span carries nothing GenAI-ish (plain HTTP/DB spans): checked on key prefixes first, cheaply. */
export function normalizeSpan(span: SpanInput, logs?: LogRecordInput[], options?: NormalizeOptions): GenAiRecord | null {
  const summary = summarizeKeys(span.attributes ?? {});
  const logEvents = logs && logs.length > 0 ? eventsFromLogs(logs) : NO_EVENTS;
  if (!looksGenAi(summary) && !hasContentEvents(span.events ?? []) && !hasContentEvents(logEvents)) return null;
  const record = emptyRecord();
  const ctx = newContext(span, summary, record, options?.decodeContent ?? true);
  try {
    runMappers(ctx);
    const spanEvents = span.events && span.events.length > 0 ? eventsFromSpan(span) : NO_EVENTS;
    applyEventSources(ctx, logEvents.length === 0 ? spanEvents : spanEvents.concat(logEvents));
    finish(ctx);
  } catch (err) {
    // A bug in one mapper must not lose the span: keep what was mapped and say why the rest is missing.
    ctx.notes.push(`normalizer error: ${err instanceof Error ? err.message : String(err)}`);
  }
  collectUnmapped(summary, ctx.mapped, record.diagnostics.unmapped);
  return record;
}

/**
 * Read-time completion of a stored record with content log records that arrived after the span was written.
 * A record is a pure function of its span (+ logs), and ingest records are built without decoding content, so this
 * re-normalizes the span with the logs and content decoding on; the stored record is never mutated. Falls back to
 * the stored record when the span alone no longer yields one.
 */
export function mergeLogRecords(record: GenAiRecord | null, span: SpanInput, logs: LogRecordInput[]): GenAiRecord | null {
  return normalizeSpan(span, logs ?? []) ?? record;
}

function runMappers(ctx: MapContext): void {
  for (const mapper of MAPPERS) {
    if (!mapper.applies(ctx)) continue;
    const before = ctx.mapped.size;
    const hintBefore = ctx.stepHint;
    mapper.map(ctx);
    if (ctx.mapped.size > before || ctx.stepHint !== hintBefore) ctx.record.diagnostics.conventions.push(mapper.name);
  }
}

function applyEventSources(ctx: MapContext, events: readonly ContentEvent[]): void {
  if (events.length === 0) return;
  const conventions = ctx.record.diagnostics.conventions;
  if (applyEvents(ctx, events) && !conventions.includes(EVENTS_CONVENTION)) conventions.push(EVENTS_CONVENTION);
}

function finish(ctx: MapContext): void {
  const r = ctx.record;
  if (r.operation === null && (ctx.summary.genAi || r.diagnostics.conventions.length > 0)) r.operation = operationFromSpanName(ctx.span.name, r.requestModel !== null);
  applyTokenSemantics(ctx);
  // OpenInference's tag key, also what @watchllm/instrumentation records: read whichever convention the span follows.
  addTags(ctx, 'tag.tags');
  if (r.errorType === null && ctx.span.statusCode === 'ERROR') r.errorType = '_OTHER';
  r.stepType = stepTypeFor(r.operation, ctx.stepHint);
}

/** Appends to the record's own (empty) list: most spans have none, so a fresh array per span was garbage. */
function collectUnmapped(summary: KeySummary, mapped: KeySet, out: string[]): void {
  if (!summary.genAi && !summary.llm && !summary.ai && !summary.traceloop) return;
  for (const key of summary.keys) {
    if (mapped.hasInOrder(key)) continue;
    for (const prefix of WATCHED_PREFIXES) {
      if (key.startsWith(prefix)) {
        out.push(key);
        break;
      }
    }
  }
}
