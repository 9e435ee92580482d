// Trace search filters ↔ URL query string ↔ API parameters. The URL is the single source of truth.

import type { QueryParams } from '../api/client.js';

export const TIME_PRESETS = [
  { id: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 3600_000 },
  { id: '6h', label: 'Last 6 hours', ms: 6 * 3600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86400_000 },
] as const;

export const DEFAULT_RANGE = '24h';

export interface TraceFilters {
  /** A preset id, or 'custom' when start/end are set. */
  range: string;
  start: string;
  end: string;
  service: string;
  model: string;
  provider: string;
  operation: string;
  status: '' | 'ok' | 'error';
  minDurationMs: string;
  maxDurationMs: string;
  minCostUsd: string;
  sessionId: string;
  userId: string;
  /** Deployment environment (langfuse.environment / deployment.environment.name, else "default"). */
  environment: string;
  q: string;
  /** An evaluation's name, and bounds on its score / its label: traces something was scored so. */
  evaluation: string;
  minScore: string;
  maxScore: string;
  evaluationLabel: string;
  /** `attr.<key>=<value>` filters, in URL order. */
  attrs: Array<[string, string]>;
  /** Tags every listed trace carries (`tag=…`, repeatable). */
  tags: string[];
}

const TEXT_KEYS = [
  'service',
  'model',
  'provider',
  'operation',
  'minDurationMs',
  'maxDurationMs',
  'minCostUsd',
  'sessionId',
  'userId',
  'environment',
  'q',
  'evaluation',
  'minScore',
  'maxScore',
  'evaluationLabel',
] as const;

export function emptyFilters(): TraceFilters {
  return {
    range: DEFAULT_RANGE,
    start: '',
    end: '',
    service: '',
    model: '',
    provider: '',
    operation: '',
    status: '',
    minDurationMs: '',
    maxDurationMs: '',
    minCostUsd: '',
    sessionId: '',
    userId: '',
    environment: '',
    q: '',
    evaluation: '',
    minScore: '',
    maxScore: '',
    evaluationLabel: '',
    attrs: [],
    tags: [],
  };
}

export function parseFilters(search: string | URLSearchParams): TraceFilters {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const f = emptyFilters();
  for (const key of TEXT_KEYS) f[key] = params.get(key)?.trim() ?? '';
  const status = params.get('status');
  f.status = status === 'ok' || status === 'error' ? status : '';
  f.start = params.get('start') ?? '';
  f.end = params.get('end') ?? '';
  const range = params.get('range') ?? '';
  if (f.start || f.end) f.range = 'custom';
  else f.range = TIME_PRESETS.some((p) => p.id === range) ? range : DEFAULT_RANGE;
  for (const [key, value] of params) {
    if (key.startsWith('attr.') && key.length > 5) f.attrs.push([key.slice(5), value]);
  }
  f.tags = [...new Set(params.getAll('tag').map((t) => t.trim()).filter((t) => t !== ''))];
  return f;
}

/** Filters → URL query string; defaults are left out so URLs stay short. */
export function filtersToQuery(f: TraceFilters): string {
  const params = new URLSearchParams();
  if (f.range === 'custom') {
    if (f.start) params.set('start', f.start);
    if (f.end) params.set('end', f.end);
  } else if (f.range && f.range !== DEFAULT_RANGE) params.set('range', f.range);
  for (const key of TEXT_KEYS) if (f[key]) params.set(key, f[key]);
  if (f.status) params.set('status', f.status);
  for (const [k, v] of f.attrs) params.append(`attr.${k}`, v);
  for (const t of f.tags) params.append('tag', t);
  return params.toString();
}

/** Parses a custom bound: unix ms digits, or anything Date understands (ISO, datetime-local). */
export function parseTimeBound(value: string): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** The concrete [start, end] in unix ms for a filter set at time `now`. */
export function resolveTimeRange(f: Pick<TraceFilters, 'range' | 'start' | 'end'>, now: number): { start: number; end: number } {
  if (f.range === 'custom') {
    const end = parseTimeBound(f.end) ?? now;
    const start = parseTimeBound(f.start) ?? end - 24 * 3600_000;
    return { start, end };
  }
  const preset = TIME_PRESETS.find((p) => p.id === f.range) ?? TIME_PRESETS.find((p) => p.id === DEFAULT_RANGE)!;
  return { start: now - preset.ms, end: now };
}

/** Filters → `/api/v1/traces` parameters. */
export function filtersToApiParams(f: TraceFilters, now: number): QueryParams {
  const { start, end } = resolveTimeRange(f, now);
  const params: QueryParams = { start, end };
  for (const key of TEXT_KEYS) if (f[key]) params[key] = f[key];
  if (f.status) params.status = f.status;
  for (const [k, v] of f.attrs) params[`attr.${k}`] = v;
  if (f.tags.length > 0) params.tag = f.tags;
  return params;
}

/** True when anything beyond the time range narrows the search. */
export function hasNarrowingFilters(f: TraceFilters): boolean {
  return TEXT_KEYS.some((k) => f[k] !== '') || f.status !== '' || f.attrs.length > 0 || f.tags.length > 0;
}

/** The filters with `tag` added (once). */
export function withTag(f: TraceFilters, tag: string): TraceFilters {
  return f.tags.includes(tag) ? f : { ...f, tags: [...f.tags, tag] };
}

/** Parses `key=value` typed in the attribute filter box. */
export function parseAttrInput(text: string): [string, string] | null {
  const i = text.indexOf('=');
  if (i <= 0) return null;
  const key = text.slice(0, i).trim().replace(/^attr\./, '');
  const value = text.slice(i + 1).trim();
  return key ? [key, value] : null;
}

/** Pick a bucket size (seconds) giving roughly `buckets` points over the range, snapped to round values. */
export function pickStepSeconds(rangeMs: number, buckets = 60): number {
  const raw = rangeMs / 1000 / buckets;
  const steps = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  return steps.find((s) => s >= raw) ?? 86400;
}
