import { intParam, bigintParam, durationParam, MAX_UNIX_SECONDS } from '../compat/params.js';
import { tagsFilter, TagFilterError, TEMPO_TAG_RULES } from '../compat/tag-filter.js';
import type { FindTracesQuery } from '../compat/trace-search.js';
import type { SpanWindow } from '../compat/window.js';
import { ApiError } from '../routes/errors.js';
import { and, referencedAttributes, selectedIntrinsics, uniqueAttributes, type Expr, type Field } from './traceql/ast.js';
import { parseTraceQLSearch, TraceQLError } from './traceql/parser.js';
import { LogfmtError, parseLogfmt } from './logfmt.js';

export type QueryParams = (name: string) => string | undefined;

const DAY_SECONDS = 86_400n;
const NANOS_PER_SECOND = 1_000_000_000n;

/** Tempo's `start`/`end` (unix seconds); without them, the last 24 hours. */
export function tempoWindow(query: QueryParams, projectId: string, nowMs = Date.now()): SpanWindow {
  const endS = bigintParam(query('end'), 'end', MAX_UNIX_SECONDS) ?? BigInt(Math.floor(nowMs / 1000));
  const startS = bigintParam(query('start'), 'start', MAX_UNIX_SECONDS) ?? endS - DAY_SECONDS;
  if (startS > endS) throw new ApiError(400, 'start must not be after end');
  // `end` is a whole second: include spans that start within it.
  return { projectId, startNs: startS * NANOS_PER_SECOND, endNs: (endS + 1n) * NANOS_PER_SECOND - 1n };
}

/** A TraceQL span set; absent → all spans. */
export function traceqlParam(raw: string | undefined): Expr {
  return traceqlSearchParam(raw).filter;
}

/** A TraceQL search (span set and `| select(…)`); absent → all spans. */
function traceqlSearchParam(raw: string | undefined): { filter: Expr; select: Field[]; by?: Field } {
  if (raw === undefined || raw.trim() === '') return { filter: { kind: 'all' }, select: [] };
  try {
    return parseTraceQLSearch(raw);
  } catch (err) {
    if (err instanceof TraceQLError) throw new ApiError(400, `invalid TraceQL: ${err.message}`);
    throw err;
  }
}

function legacyTags(raw: string | undefined): Expr {
  try {
    return tagsFilter(parseLogfmt(raw ?? ''), TEMPO_TAG_RULES);
  } catch (err) {
    if (err instanceof LogfmtError || err instanceof TagFilterError) throw new ApiError(400, `invalid tags: ${err.message}`);
    throw err;
  }
}

function traceDuration(op: '>=' | '<=', nanos: bigint | undefined): Expr {
  if (nanos === undefined) return { kind: 'all' };
  return { kind: 'compare', field: { kind: 'intrinsic', name: 'traceDuration' }, op, value: { type: 'duration', nanos } };
}

/** `GET /api/search` parameters: `q` (TraceQL) or legacy `tags`, trace duration bounds, limit, spss, start/end. */
export function parseSearchRequest(query: QueryParams, projectId: string, nowMs = Date.now()): FindTracesQuery {
  const q = query('q');
  const { filter: traceql, select, by } = traceqlSearchParam(q);
  let filter = q !== undefined && q.trim() !== '' ? traceql : legacyTags(query('tags'));
  filter = and(filter, traceDuration('>=', durationParam(query('minDuration'), 'minDuration')));
  filter = and(filter, traceDuration('<=', durationParam(query('maxDuration'), 'maxDuration')));
  return {
    ...tempoWindow(query, projectId, nowMs),
    filter,
    limit: intParam(query('limit'), 'limit', 20, 1, 1000),
    spansPerSet: intParam(query('spss'), 'spss', 3, 0, 1000),
    // Matched and selected attributes come back with each span.
    // The `by` field's value comes back with each span too: the response splits span sets by it.
    attributes: uniqueAttributes([...referencedAttributes(filter), ...select, ...(by ? [by] : [])]),
    intrinsics: selectedIntrinsics([...select, ...(by ? [by] : [])]),
    ...(by && { splitBy: by }),
  };
}

