/**
 * Langfuse's v3 score list (`GET /api/public/v3/scores`, `api.scoresV3.getManyV3`; Langfuse Cloud retired the v2 list
 * on 2026-11-16): comma-separated filters (any value within one, all of them across), case-insensitive sources and
 * data types, a cursor instead of pages, field groups. Read as WatchLLM's score filter; what WatchLLM cannot answer
 * is refused by name, as the v2 list does.
 */
import { decodeCursor, encodeCursor } from '../cursor.js';
import { normalizeTraceId } from '../reader/trace-reader.js';
import type { ScoreDataType, ScoreListFilter } from '../reader/evaluation-reader.js';
import { decimalNumber, type Params } from '../params.js';
import { isSpanId, refused, refuseUnanswerable, timestamps } from './request.js';

export const SCORES_V3_PARAMS = [
  'limit', 'cursor', 'fields', 'id', 'name', 'source', 'dataType', 'environment', 'configId', 'queueId', 'authorUserId', 'value', 'valueMin',
  'valueMax', 'traceId', 'sessionId', 'observationId', 'experimentId', 'fromTimestamp', 'toTimestamp',
] as const;

export const SCORE_FIELD_GROUPS = ['details', 'subject', 'annotation'] as const;
export type ScoreFieldGroup = (typeof SCORE_FIELD_GROUPS)[number];

const DATA_TYPES: readonly ScoreDataType[] = ['NUMERIC', 'BOOLEAN', 'CATEGORICAL', 'TEXT', 'CORRECTION'];
const SOURCES = ['API', 'ANNOTATION', 'EVAL'] as const;
const MAX_LIMIT = 100;

export interface ScoresV3Request {
  filter: ScoreListFilter;
  fields: ReadonlySet<ScoreFieldGroup>;
  /** False when the source or environment filter leaves nothing WatchLLM keeps (every score reads as API, default). */
  sources: boolean;
}

/** The offset a page starts at, as the opaque cursor the previous page answered. */
export const encodeOffsetCursor = (offset: number): string => encodeCursor([String(offset)]);

function cursorOffset(p: Params): number {
  const raw = p.string('cursor', 2048);
  if (raw === undefined) return 0;
  const offset = Number(decodeCursor(raw, 1)?.[0]);
  if (!Number.isSafeInteger(offset) || offset < 0) throw refused('cursor', 'not a cursor this API answered; pass meta.cursor of the previous page');
  return offset;
}

/** A comma-separated list whose values are names from `allowed`, any case. */
function upperList<T extends string>(p: Params, name: string, allowed: readonly T[]): T[] | undefined {
  const values = p.commaList(name)?.map((v) => v.toUpperCase());
  const unknown = values?.find((v) => !(allowed as readonly string[]).includes(v));
  if (unknown !== undefined) throw refused(name, `unknown value "${unknown.slice(0, 32)}"; expected any of ${allowed.join(', ')}`);
  return values as T[] | undefined;
}

function ids(p: Params, name: string, read: (raw: string) => string | undefined, what: string): string[] | undefined {
  return p.commaList(name, 100, 64 * 101)?.map((raw) => {
    const id = read(raw);
    if (id === undefined) throw refused(name, `"${raw.slice(0, 64)}" must be ${what}`);
    return id;
  });
}

/** `value` / `valueMin` / `valueMax`: exact values of one data type, or bounds on numeric scores. */
function values(p: Params, dataTypes: ScoreDataType[] | undefined): Pick<ScoreListFilter, 'scores' | 'labels' | 'minScore' | 'maxScore'> {
  const exact = p.commaList('value');
  const minScore = p.number('valueMin');
  const maxScore = p.number('valueMax');
  const single = dataTypes?.length === 1 ? dataTypes[0] : undefined;
  if ((minScore !== undefined || maxScore !== undefined) && single !== 'NUMERIC') throw refused(minScore !== undefined ? 'valueMin' : 'valueMax', 'needs dataType=NUMERIC (one data type)');
  if (exact === undefined) return { minScore, maxScore };
  if (single !== 'NUMERIC' && single !== 'BOOLEAN' && single !== 'CATEGORICAL') throw refused('value', 'needs one dataType of NUMERIC, BOOLEAN or CATEGORICAL');
  if (single === 'CATEGORICAL') return { labels: exact, minScore, maxScore };
  const scores = exact.map((v) => {
    const n = single === 'BOOLEAN' ? ({ true: 1, false: 0 } as Record<string, number>)[v.toLowerCase()] : decimalNumber(v);
    if (!Number.isFinite(n)) throw refused('value', `"${v.slice(0, 32)}" is not ${single === 'BOOLEAN' ? 'true or false' : 'a number'}`);
    return n;
  });
  return { scores, minScore, maxScore };
}

export function scoresV3Request(p: Params, projectId: string): ScoresV3Request {
  // Scores keep no annotation queue, and dataset run scores are another list: refused rather than answered wrong.
  refuseUnanswerable(p, ['queueId', 'experimentId']);
  const fields = new Set(p.commaList('fields')?.map((f) => f.toLowerCase()) ?? []);
  const unknownGroup = [...fields].find((f) => !(SCORE_FIELD_GROUPS as readonly string[]).includes(f));
  if (unknownGroup !== undefined) throw refused('fields', `unknown field group "${unknownGroup.slice(0, 32)}"; expected any of ${SCORE_FIELD_GROUPS.join(', ')}`);
  const traceIds = ids(p, 'traceId', normalizeTraceId, '16 or 32 hex characters');
  const spanIds = ids(p, 'observationId', (raw) => (isSpanId(raw.toLowerCase()) ? raw.toLowerCase() : undefined), '16 hex characters');
  const sessionIds = p.commaList('sessionId', 100, 512 * 101);
  if (spanIds && !traceIds) throw refused('observationId', 'needs traceId (observation ids are scoped to a trace)');
  if (sessionIds && (traceIds || spanIds)) throw refused('sessionId', 'cannot be combined with traceId or observationId');
  const dataTypes = upperList(p, 'dataType', DATA_TYPES);
  const sources = upperList(p, 'source', SOURCES);
  const environments = p.commaList('environment');
  // toTimestamp is exclusive.
  const to = p.time('toTimestamp');
  const range = timestamps(p, 'fromTimestamp', 'toTimestamp');
  return {
    filter: {
      projectId,
      startMs: range.startMs,
      endMs: to === undefined ? range.endMs : Math.max(range.startMs, to - 1),
      ids: p.commaList('id'),
      names: p.commaList('name'),
      traceIds,
      spanIds,
      sessionIds,
      dataTypes,
      configIds: p.commaList('configId'),
      authors: p.commaList('authorUserId'),
      ...values(p, dataTypes),
      limit: p.limit(50, MAX_LIMIT),
      offset: cursorOffset(p),
    },
    fields: fields as Set<ScoreFieldGroup>,
    sources: (sources === undefined || sources.includes('API')) && (environments === undefined || environments.includes('default')),
  };
}
