import {
  computeCost,
  createPriceBook,
  normalizeSpan,
  type CustomPrice,
  type GenAiRecord,
  type PriceBook,
  type PriceOverrides,
  type NormalizeOptions,
  type SpanEventInput,
  type SpanInput,
} from '@watchllm/semconv';
import type { ProjectPriceSource } from '../prices/project-prices.js';
import { SPAN_KINDS, type Scope, type Span, type SpanEnrichment, type TracesBatch, type TypedAttributes } from '../model/types.js';
import type { Telemetry } from '../telemetry.js';

export interface GenAiProcessorConfig {
  /** Prices that override the catalog (private models, negotiated rates). */
  customPrices: CustomPrice[];
}

const STATUS = ['UNSET', 'OK', 'ERROR'] as const;
const UNPRICED_STEP_TYPES = new Set(['llm', 'embedding']);
// Message bodies are parsed at read time; ingest needs only the scalar fields.
const INGEST_OPTIONS: NormalizeOptions = { decodeContent: false };
/** Most spans have no events: one shared (never written) list instead of a fresh one each. */
const NO_EVENTS: SpanEventInput[] = [];

function blankSpanInput(): SpanInput {
  return {
    name: '', kind: '', scopeName: '', scopeVersion: '', attributes: {}, resourceAttributes: {}, events: NO_EVENTS,
    startTimeUnixNano: '', endTimeUnixNano: '', statusCode: 'UNSET', statusMessage: '',
  };
}

/**
 * The normalizer's view of a span, written into one object reused for a batch's spans: normalizeSpan keeps no
 * reference to its input (the record holds only values), and a fresh object per span cost ~5% of this stage (A/B).
 */
function fillSpanInput(input: SpanInput, span: Span, resource: TypedAttributes, scope: Scope): SpanInput {
  input.name = span.name;
  input.kind = SPAN_KINDS[span.kind] ?? 'SPAN_KIND_UNSPECIFIED';
  input.scopeName = scope.name;
  input.scopeVersion = scope.version;
  input.attributes = span.attributes.values;
  input.resourceAttributes = resource.values;
  input.events = span.events.length === 0 ? NO_EVENTS : span.events.map((e) => ({ name: e.name, timeUnixNano: e.timeUnixNano, attributes: e.attributes.values }));
  input.startTimeUnixNano = span.startTimeUnixNano;
  input.endTimeUnixNano = span.endTimeUnixNano;
  input.statusCode = STATUS[span.statusCode] ?? 'UNSET';
  input.statusMessage = span.statusMessage;
  return input;
}

/**
 * Diagnostics as stored: which conventions matched and what was not understood. The
 * list of mapped keys is left out (it is most of the bytes); the read path re-runs the
 * normalizer on the stored span and returns the full diagnostics.
 */
function storedDiagnostics(record: GenAiRecord): string {
  const { conventions, unmapped, notes } = record.diagnostics;
  // Almost every span: conventions matched and nothing else to say. That text is the same for all of them.
  if (unmapped.length === 0 && notes.length === 0) {
    // One convention is the common case: its name is the key, with no string built per span.
    const key = conventions.length === 1 ? conventions[0] : conventions.join('\n');
    let text = CLEAN_DIAGNOSTICS.get(key);
    if (text === undefined) {
      text = JSON.stringify({ conventions, unmapped, notes });
      if (CLEAN_DIAGNOSTICS.size < 64) CLEAN_DIAGNOSTICS.set(key, text);
    }
    return text;
  }
  return JSON.stringify({ conventions, unmapped, notes });
}

const CLEAN_DIAGNOSTICS = new Map<string, string>();
const NO_TAGS: string[] = [];

/** Canonical record → the typed columns (and the compact JSON of the rest of the record). */
export function enrichmentOf(record: GenAiRecord, book: PriceBook, atUnixMs: number, projectPrices?: PriceOverrides): SpanEnrichment {
  const cost = computeCost(record, book, atUnixMs, projectPrices);
  return {
    operation: record.operation ?? '',
    provider: record.provider ?? '',
    requestModel: record.requestModel ?? '',
    responseModel: record.responseModel ?? '',
    inputTokens: record.inputTokens ?? 0,
    outputTokens: record.outputTokens ?? 0,
    cacheReadTokens: record.cacheReadTokens ?? 0,
    cacheWriteTokens: record.cacheWriteTokens ?? 0,
    reasoningTokens: record.reasoningTokens ?? 0,
    costUsd: cost.costUsd,
    costSource: cost.source,
    priceVersion: cost.priceVersion,
    agentName: record.agentName ?? '',
    toolName: record.toolName ?? '',
    conversationId: record.conversationId ?? '',
    userId: record.userId ?? '',
    tags: record.tags ?? NO_TAGS,
    stepType: record.stepType,
    record,
    diagnostics: storedDiagnostics(record),
  };
}

/**
 * `Number(nanos.slice(0, -6) || '0')` for a decimal nanosecond string, read digit by digit: a 13-digit number is no
 * array index, so `Number()` of a fresh substring took the slow string-to-number path for every span (~5% of this
 * stage, A/B).
 */
function unixMsOf(nanos: string): number {
  const end = nanos.length - 6;
  // Up to 15 digits the sum below is exact; longer (or non-digit) text takes the general parse.
  if (end > 15) return Number(nanos.slice(0, -6));
  let ms = 0;
  for (let i = 0; i < end; i++) {
    const digit = nanos.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number(nanos.slice(0, -6));
    ms = ms * 10 + digit;
  }
  return ms;
}

/** A model call with tokens that no price covers (counted in a metric so missing prices get noticed). */
function isUnpriced(e: SpanEnrichment): boolean {
  return e.costUsd === null && UNPRICED_STEP_TYPES.has(e.stepType) && e.inputTokens + e.outputTokens > 0;
}

/**
 * Fills each span's GenAI columns from whatever convention produced it, with cost: priced by the batch's project's
 * own models (`projectPrices`, when the process keeps them), then the config's custom prices, then the catalog.
 * The batch is owned by the pipeline stage holding it; the processor sets `span.enrichment`.
 */
export function createGenAiProcessor(config: GenAiProcessorConfig, telemetry?: Telemetry, projectPrices?: ProjectPriceSource) {
  const book = createPriceBook({ custom: config.customPrices });
  return {
    book,
    processTraces(batch: TracesBatch): TracesBatch {
      // Counted per batch: a labelled counter increment per span was a few % of the event loop.
      const counts = new Map<string, Map<string, number>>();
      let unmapped = 0;
      const ownPrices = projectPrices?.of(batch.projectId);
      const input = blankSpanInput();
      for (const rs of batch.resourceSpans) {
        for (const ss of rs.scopeSpans) {
          for (const span of ss.spans) {
            const record = normalizeSpan(fillSpanInput(input, span, rs.resource, ss.scope), undefined, INGEST_OPTIONS);
            if (!record) continue;
            const startMs = unixMsOf(span.startTimeUnixNano);
            const enrichment = enrichmentOf(record, book, startMs || Date.now(), ownPrices);
            span.enrichment = enrichment;
            if (telemetry) {
              const convention = record.diagnostics.conventions[0] ?? 'none';
              let byStep = counts.get(convention);
              if (!byStep) counts.set(convention, (byStep = new Map()));
              byStep.set(record.stepType, (byStep.get(record.stepType) ?? 0) + 1);
              unmapped += record.diagnostics.unmapped.length;
              if (isUnpriced(enrichment)) telemetry.genaiUnpriced.inc({ model: telemetry.unpricedModels.of(record.responseModel ?? record.requestModel ?? 'unknown') });
            }
          }
        }
      }
      for (const [convention, byStep] of counts) for (const [step_type, n] of byStep) telemetry?.genaiSpans.inc({ convention, step_type }, n);
      if (unmapped) telemetry?.genaiUnmapped.inc(unmapped);
      return batch;
    },
  };
}
