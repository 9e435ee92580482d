/**
 * A Langfuse trace's ingestion events (creates and updates of the trace and its observations) as
 * an OTLP/JSON request of spans, in the attributes Langfuse's own OpenTelemetry SDKs write
 * (`langfuse.observation.*`, `langfuse.trace.*`, `user.id`, `session.id`), which the normalizer
 * already reads: generations become model calls with usage and cost like any other.
 */
import { createHash } from 'node:crypto';
import { normalizeTraceId } from '../reader/trace-reader.js';

export type EntityKind = 'trace' | 'span' | 'generation' | 'event';

/** One entity with its events merged in order (later fields win). */
export interface LangfuseEntity {
  id: string;
  kind: EntityKind;
  fields: Record<string, unknown>;
  /** When its last event was received (ms): an observation never ended is written after a while anyway. */
  lastReceivedMs: number;
}

export interface StoredEvent {
  entityId: string;
  type: string;
  body: Record<string, unknown>;
  receivedMs: number;
}

const KIND_OF_TYPE: Record<string, EntityKind> = { trace: 'trace', span: 'span', generation: 'generation', event: 'event' };

function kindOf(e: StoredEvent): EntityKind {
  const prefix = e.type.slice(0, e.type.indexOf('-'));
  if (prefix === 'observation') return KIND_OF_TYPE[String(e.body.type ?? 'span').toLowerCase()] ?? 'span';
  return KIND_OF_TYPE[prefix] ?? 'span';
}

/** Events (in time order) merged per entity. */
export function mergeEntities(events: StoredEvent[]): Map<string, LangfuseEntity> {
  const out = new Map<string, LangfuseEntity>();
  for (const e of events) {
    let entity = out.get(e.entityId);
    if (!entity) out.set(e.entityId, (entity = { id: e.entityId, kind: kindOf(e), fields: {}, lastReceivedMs: 0 }));
    for (const [k, v] of Object.entries(e.body)) if (v !== undefined && v !== null) entity.fields[k] = v;
    entity.lastReceivedMs = Math.max(entity.lastReceivedMs, e.receivedMs);
  }
  return out;
}

const hex = (text: string, chars: number) => createHash('sha256').update(text).digest('hex').slice(0, chars);

/**
 * The OTLP trace id a Langfuse trace id stands for, one mapping for ingestion, scores and reads: an OTLP id
 * (16 or 32 hex) as the trace API normalizes it, a UUID's own digits, else a hash of the id.
 */
export function otlpTraceId(id: string): string {
  const digits = normalizeTraceId(id) ?? id.replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(digits) && !/^0+$/.test(digits) ? digits : hex(`trace:${id}`, 32);
}

export const otlpSpanId = (entityId: string) => hex(`observation:${entityId}`, 16);
/** The span id a Langfuse observation id stands for: an OTLP span id (16 hex) as it is, else the span written for it. */
export const otlpObservationId = (id: string) => (/^[0-9a-fA-F]{16}$/.test(id) ? id.toLowerCase() : otlpSpanId(id));
/** The span that stands for the trace itself (Langfuse's trace name, input, output, user, session, tags). */
export const rootSpanId = (traceId: string) => hex(`trace:${traceId}`, 16);

const ms = (v: unknown): number | undefined => {
  const t = typeof v === 'string' ? Date.parse(v) : typeof v === 'number' ? v : NaN;
  return Number.isFinite(t) ? t : undefined;
};
const nanos = (msValue: number) => (BigInt(Math.round(msValue)) * 1_000_000n).toString();
const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

type OtlpAttribute = { key: string; value: Record<string, unknown> };

function otlpValue(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { arrayValue: { values: v.map((x) => ({ stringValue: x })) } };
  return { stringValue: JSON.stringify(v) };
}

function attributes(pairs: [string, unknown][]): OtlpAttribute[] {
  return pairs.filter(([, v]) => v !== undefined && v !== null).map(([key, v]) => ({ key, value: otlpValue(v) }));
}

function metadata(prefix: string, v: unknown): [string, unknown][] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v === undefined ? [] : [[prefix.slice(0, -1), text(v)]];
  return Object.entries(v).map(([k, x]) => [`${prefix}${k}`, typeof x === 'object' && x !== null ? JSON.stringify(x) : x]);
}

/** Langfuse's `usage` (input / output / total, or OpenAI's names) or `usageDetails`, as usage_details. */
function usageDetails(f: Record<string, unknown>): Record<string, number> | undefined {
  if (typeof f.usageDetails === 'object' && f.usageDetails !== null) return f.usageDetails as Record<string, number>;
  const u = f.usage as Record<string, unknown> | undefined;
  if (typeof u !== 'object' || u === null) return undefined;
  const n = (...keys: string[]) => keys.map((k) => u[k]).find((x): x is number => typeof x === 'number');
  const out: Record<string, number> = {};
  const input = n('input', 'promptTokens', 'prompt_tokens');
  const output = n('output', 'completionTokens', 'completion_tokens');
  const total = n('total', 'totalTokens', 'total_tokens');
  if (input !== undefined) out.input = input;
  if (output !== undefined) out.output = output;
  if (total !== undefined) out.total = total;
  return Object.keys(out).length ? out : undefined;
}

function costDetails(f: Record<string, unknown>): Record<string, number> | undefined {
  if (typeof f.costDetails === 'object' && f.costDetails !== null) return f.costDetails as Record<string, number>;
  const u = f.usage as Record<string, unknown> | undefined;
  if (typeof u?.totalCost === 'number') return { total: u.totalCost };
  const parts = [u?.inputCost, u?.outputCost].filter((x): x is number => typeof x === 'number');
  return parts.length ? { total: parts.reduce((a, b) => a + b, 0) } : undefined;
}

/** Whether an observation's span can be written: it ended, or is a point in time. */
export const isComplete = (e: LangfuseEntity) => e.kind === 'event' || e.kind === 'trace' || ms(e.fields.endTime) !== undefined;

/**
 * The spans of `entities` chosen for writing (`write`), the others of the trace lending what spans
 * inherit (the trace's user, session and tags; the root's end).
 */
export function otlpRequest(traceId: string, all: Map<string, LangfuseEntity>, write: LangfuseEntity[]): Record<string, unknown> {
  const trace = all.get(traceId)?.kind === 'trace' ? all.get(traceId) : undefined;
  const t = trace?.fields ?? {};
  const inherited: [string, unknown][] = [['user.id', t.userId], ['session.id', t.sessionId], ['langfuse.trace.tags', t.tags], ['langfuse.environment', t.environment]];
  const observations = [...all.values()].filter((e) => e.kind !== 'trace');
  const startOf = (e: LangfuseEntity) => ms(e.fields.startTime) ?? ms(e.fields.timestamp) ?? e.lastReceivedMs;
  const endOf = (e: LangfuseEntity) => ms(e.fields.endTime) ?? startOf(e);
  const spans = write.map((e) => {
    const f = e.fields;
    if (e.kind === 'trace') {
      const start = Math.min(ms(f.timestamp) ?? Infinity, ...observations.map(startOf));
      const first = Number.isFinite(start) ? start : e.lastReceivedMs;
      return {
        spanId: rootSpanId(traceId),
        name: typeof f.name === 'string' && f.name ? f.name : 'trace',
        kind: 1,
        startTimeUnixNano: nanos(first),
        endTimeUnixNano: nanos(Math.max(first, ...observations.map(endOf))),
        attributes: attributes([
          ['langfuse.trace.name', f.name], ['langfuse.trace.input', f.input === undefined ? undefined : text(f.input)],
          ['langfuse.trace.output', f.output === undefined ? undefined : text(f.output)], ...inherited,
          ['langfuse.release', f.release], ['langfuse.version', f.version], ['langfuse.trace.public', f.public],
          ...metadata('langfuse.trace.metadata.', f.metadata), ['langfuse.trace.id', traceId],
        ]),
        status: {},
      };
    }
    const parent = typeof f.parentObservationId === 'string' ? otlpSpanId(f.parentObservationId) : trace ? rootSpanId(traceId) : '';
    const error = String(f.level ?? '').toUpperCase() === 'ERROR';
    return {
      spanId: otlpSpanId(e.id),
      parentSpanId: parent,
      name: typeof f.name === 'string' && f.name ? f.name : e.kind,
      kind: e.kind === 'generation' ? 3 : 1,
      startTimeUnixNano: nanos(startOf(e)),
      endTimeUnixNano: nanos(Math.max(startOf(e), endOf(e))),
      attributes: attributes([
        ['langfuse.observation.type', e.kind], ['langfuse.observation.id', e.id],
        ['langfuse.observation.input', f.input === undefined ? undefined : text(f.input)],
        ['langfuse.observation.output', f.output === undefined ? undefined : text(f.output)],
        ['langfuse.observation.level', f.level], ['langfuse.observation.status_message', f.statusMessage],
        ['langfuse.observation.model.name', f.model],
        ['langfuse.observation.model.parameters', f.modelParameters === undefined ? undefined : JSON.stringify(f.modelParameters)],
        ['langfuse.observation.usage_details', usageDetails(f) && JSON.stringify(usageDetails(f))],
        ['langfuse.observation.cost_details', costDetails(f) && JSON.stringify(costDetails(f))],
        ['langfuse.observation.completion_start_time', typeof f.completionStartTime === 'string' ? f.completionStartTime : undefined],
        ['langfuse.observation.prompt.name', f.promptName], ['langfuse.observation.prompt.version', f.promptVersion],
        ['langfuse.version', f.version], ...inherited, ...metadata('langfuse.observation.metadata.', f.metadata),
      ]),
      status: error ? { code: 2, message: typeof f.statusMessage === 'string' ? f.statusMessage : '' } : {},
    };
  });
  return {
    resourceSpans: [{
      resource: { attributes: attributes([['service.name', 'langfuse-sdk']]) },
      scopeSpans: [{ scope: { name: 'langfuse-ingestion' }, spans: spans.map((s) => ({ traceId: otlpTraceId(traceId), ...s })) }],
    }],
  };
}

/**
 * A Langfuse score's trace and observation ids as the spans written from its ingestion events
 * have them (ids already in OTLP's shape stay as they are).
 */
export function otlpIdsOfScore(body: Record<string, unknown>): Record<string, unknown> {
  const out = { ...body };
  if (typeof body.traceId === 'string') out.traceId = otlpTraceId(body.traceId);
  if (typeof body.observationId === 'string') out.observationId = otlpObservationId(body.observationId);
  return out;
}
