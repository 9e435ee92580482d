/**
 * Langfuse's public API query parameters read as WatchLLM filters, shared by its routes
 * (routes/langfuse-public-api.ts): pages, time ranges, environments, observation filters and field
 * groups, score comparisons. What has no counterpart here is refused with a 400 naming it.
 */
import { bad, type Params } from '../params.js';
import { DAY_MS } from '../reader/query.js';
import type { ScoreListFilter } from '../reader/evaluation-reader.js';
import type { SpanListFilter } from '../reader/span-list-reader.js';
import type { LangfuseObservation } from './views.js';

/** Langfuse's v2 field groups: which observation fields each adds (`core` always). */
const FIELD_GROUPS: Record<string, readonly (keyof LangfuseObservation | 'projectId' | 'tags' | 'release' | 'traceName' | 'usagePricingTierName')[]> = {
  core: ['id', 'traceId', 'startTime', 'endTime', 'projectId', 'parentObservationId', 'type'],
  basic: ['name', 'level', 'statusMessage', 'version', 'environment', 'bookmarked', 'public', 'userId', 'sessionId', 'isRootObservation'],
  time: ['completionStartTime', 'createdAt', 'updatedAt'],
  io: ['input', 'output'],
  metadata: ['metadata'],
  model: ['model', 'internalModelId', 'modelParameters'],
  usage: ['usageDetails', 'costDetails', 'totalCost', 'usagePricingTierName'],
  prompt: ['promptId', 'promptName', 'promptVersion'],
  metrics: ['latency', 'timeToFirstToken'],
  trace_context: ['tags', 'release', 'traceName'],
};

/** Langfuse observation types as WatchLLM step types. */
const STEP_TYPES_OF: Record<string, string[]> = {
  GENERATION: ['llm'],
  EMBEDDING: ['embedding'],
  TOOL: ['tool'],
  AGENT: ['agent'],
  RETRIEVER: ['retrieval'],
  CHAIN: ['chain'],
  SPAN: ['other'],
  EVENT: [],
  EVALUATOR: ['other'],
  GUARDRAIL: ['other'],
};

const MAX_PAGED_ITEMS = 10_000;
export const refused = bad;

/** Fields not in Langfuse's usual JSON: v2 returns input/output as raw strings. */
const rawString = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));

export function pickFields(o: LangfuseObservation, projectId: string, groups: string[]): Record<string, unknown> {
  const all: Record<string, unknown> = {
    ...o,
    projectId,
    input: rawString(o.input),
    output: rawString(o.output),
    traceName: o.isRootObservation ? o.name : null,
    usagePricingTierName: null,
  };
  const out: Record<string, unknown> = {};
  for (const g of groups) for (const k of FIELD_GROUPS[g]) out[k] = all[k];
  return out;
}

export function fieldGroups(p: Params, fallback: string[]): string[] {
  const raw = p.string('fields');
  if (raw === undefined) return fallback;
  const groups = raw.split(',').map((g) => g.trim()).filter(Boolean);
  const unknown = groups.find((g) => !(g in FIELD_GROUPS));
  if (unknown) throw refused('fields', `unknown field group "${unknown.slice(0, 32)}"; expected any of ${Object.keys(FIELD_GROUPS).join(', ')}`);
  return ['core', ...groups.filter((g) => g !== 'core')];
}

/** `environment` (repeatable, or comma-separated): spans in any of these deployment environments. */
export function environments(p: Params): string[] | undefined {
  const values = p.all('environment').flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean);
  return values.length ? values : undefined;
}

/** Parameters Langfuse has that WatchLLM's store cannot answer: refused when given, so no script reads a wrong answer. */
export function refuseUnanswerable(p: Params, names: readonly string[]): void {
  for (const name of names) if (p.string(name) !== undefined) throw refused(name, 'not supported by WatchLLM; leave it out (filter on the results instead)');
}



/** `page` and `limit` of a page-numbered list, bounded so the offset stays cheap. */
export function pageOf(p: Params, maxLimit: number): { page: number; limit: number; offset: number } {
  const page = p.number('page', { min: 1, integer: true }) ?? 1;
  const limit = p.limit(50, maxLimit);
  if (page * limit > MAX_PAGED_ITEMS) throw refused('page', `pages reach the first ${MAX_PAGED_ITEMS} items; narrow fromTimestamp / toTimestamp (or page spans with GET /api/public/v2/observations, a cursor)`);
  return { page, limit, offset: (page - 1) * limit };
}

/** `fromTimestamp` / `toTimestamp` (default: everything up to a day ahead). */
export const timestamps = (p: Params, from: string, to: string) => p.timeRange(Infinity, Date.now() + DAY_MS, { from, to });

export const meta = (page: { page: number; limit: number }, totalItems: number) => ({ page: page.page, limit: page.limit, totalItems, totalPages: Math.ceil(totalItems / page.limit) });

const SCORE_OPERATORS = ['<', '>', '<=', '>=', '=', '!='] as const;

/** `operator` + `value` of a score list: a comparison on numeric scores. */
export function scoreComparison(p: Params): ScoreListFilter['compare'] {
  const op = p.oneOf('operator', SCORE_OPERATORS);
  const value = p.number('value');
  if ((op === undefined) !== (value === undefined)) throw refused(op === undefined ? 'value' : 'operator', 'operator and value go together');
  return op === undefined ? undefined : { op, value: value! };
}


export const isSpanId = (id: string) => /^[0-9a-f]{16}$/.test(id);


/**
 * The span filter of an observations list (v1 and v2 share their query parameters); undefined when
 * it can match nothing (DEBUG and WARNING: spans have a status, not Langfuse's four levels).
 */
export function observationFilter(p: Params, projectId: string): Omit<SpanListFilter, 'limit'> | undefined {
  refuseUnanswerable(p, ['version']);
  const type = p.string('type', 32)?.toUpperCase();
  if (type !== undefined && !(type in STEP_TYPES_OF)) throw refused('type', `expected one of ${Object.keys(STEP_TYPES_OF).join(', ')}`);
  const level = p.oneOf('level', ['DEBUG', 'DEFAULT', 'WARNING', 'ERROR'] as const);
  const root = p.oneOf('isRootObservation', ['true', 'false'] as const);
  const f = {
    projectId,
    ...timestamps(p, 'fromStartTime', 'toStartTime'),
    traceId: p.traceId('traceId'),
    name: p.string('name'),
    parentSpanId: p.spanId('parentObservationId'),
    root: root === undefined ? undefined : root === 'true',
    userId: p.string('userId'),
    sessionId: p.string('sessionId'),
    stepTypes: type === undefined ? undefined : STEP_TYPES_OF[type],
    environments: environments(p),
    // An error status is ERROR, everything else DEFAULT.
    error: level === undefined ? undefined : level === 'ERROR',
  };
  return level === 'DEBUG' || level === 'WARNING' ? undefined : f;
}
