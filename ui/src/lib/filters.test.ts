import { describe, expect, it } from 'vitest';
import { emptyFilters, filtersToApiParams, filtersToQuery, hasNarrowingFilters, parseAttrInput, parseFilters, pickStepSeconds, resolveTimeRange, withTag } from './filters.js';
import { parseRoute, parseSpanRef, paths } from './routes.js';
import { clipText, formatCost, formatDuration, formatInt, formatScores, formatTokens, nanoToMs } from './format.js';

describe('URL state', () => {
  it('round-trips filters through the query string', () => {
    const q = 'range=7d&model=gpt-4o&status=error&q=refund&attr.tenant=acme&attr.env=prod&minCostUsd=0.01';
    const f = parseFilters(q);
    expect(f).toMatchObject({ range: '7d', model: 'gpt-4o', status: 'error', q: 'refund', minCostUsd: '0.01' });
    expect(f.attrs).toEqual([['tenant', 'acme'], ['env', 'prod']]);
    expect(parseFilters(filtersToQuery(f))).toEqual(f);
    expect(filtersToQuery(emptyFilters())).toBe('');
    expect(hasNarrowingFilters(emptyFilters())).toBe(false);
    expect(hasNarrowingFilters(f)).toBe(true);
  });

  it('carries the evaluation filter from the URL to the API', () => {
    const f = parseFilters('evaluation=relevance&maxScore=0.5&evaluationLabel=irrelevant');
    expect(filtersToApiParams(f, 1_000)).toMatchObject({ evaluation: 'relevance', maxScore: '0.5', evaluationLabel: 'irrelevant' });
    expect(parseFilters(filtersToQuery(f))).toEqual(f);
    expect(hasNarrowingFilters(f)).toBe(true);
  });

  it('carries repeated tags from the URL to the API, each once', () => {
    const f = parseFilters('tag=beta&tag=eu%20west&tag=beta&tag=');
    expect(f.tags).toEqual(['beta', 'eu west']);
    expect(filtersToApiParams(f, 1_000)).toMatchObject({ tag: ['beta', 'eu west'] });
    expect(parseFilters(filtersToQuery(f))).toEqual(f);
    expect(hasNarrowingFilters(f)).toBe(true);
    expect(withTag(f, 'beta')).toBe(f);
    expect(withTag(emptyFilters(), 'prod').tags).toEqual(['prod']);
  });

  it('carries the environment from the URL to the API', () => {
    const f = parseFilters('environment=staging');
    expect(filtersToApiParams(f, 1_000)).toMatchObject({ environment: 'staging' });
    expect(parseFilters(filtersToQuery(f))).toEqual(f);
    expect(hasNarrowingFilters(f)).toBe(true);
  });

  it('ignores unknown status and range values', () => {
    expect(parseFilters('status=bogus&range=3y')).toMatchObject({ status: '', range: '24h' });
  });

  it('resolves presets and custom ranges to API params', () => {
    const now = 1_700_000_000_000;
    expect(resolveTimeRange(parseFilters('range=1h'), now)).toEqual({ start: now - 3600_000, end: now });
    const custom = parseFilters('start=2024-01-01T00:00:00Z&end=1704070800000');
    expect(custom.range).toBe('custom');
    expect(resolveTimeRange(custom, now)).toEqual({ start: Date.UTC(2024, 0, 1), end: 1704070800000 });
    const params = filtersToApiParams(parseFilters('model=m&attr.k=v'), now);
    expect(params).toMatchObject({ model: 'm', 'attr.k': 'v', end: now });
  });

  it('parses attribute input and picks chart steps', () => {
    expect(parseAttrInput('attr.user.tier = gold')).toEqual(['user.tier', 'gold']);
    expect(parseAttrInput('novalue')).toBeNull();
    expect(pickStepSeconds(3600_000)).toBe(60);
    expect(pickStepSeconds(30 * 86400_000)).toBe(43200);
  });

  it('routes paths to pages', () => {
    expect(parseRoute('/')).toEqual({ page: 'traces' });
    expect(parseRoute('/traces/abc')).toEqual({ page: 'trace', traceId: 'abc', tab: 'waterfall' });
    expect(parseRoute('/traces/abc/steps')).toEqual({ page: 'trace', traceId: 'abc', tab: 'steps' });
    expect(parseRoute('/sessions/s%201')).toEqual({ page: 'session', sessionId: 's 1' });
    expect(parseRoute('/dashboard')).toEqual({ page: 'dashboard' });
    expect(parseRoute('/nope/x')).toEqual({ page: 'notFound', path: '/nope/x' });
    expect(paths.compare('t:1', 't:2')).toBe('/compare?a=t%3A1&b=t%3A2');
    expect(parseSpanRef('abc:def')).toEqual({ traceId: 'abc', spanId: 'def' });
    expect(parseSpanRef('abc')).toBeNull();
  });
});

describe('format', () => {
  it('formats durations, tokens and cost', () => {
    expect(formatDuration(0.5)).toBe('500 µs');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatDuration(125_000)).toBe('2m 5s');
    expect(formatDuration(null)).toBe('—');
    expect(formatTokens(1234)).toBe('1,234');
    expect(formatTokens(12_345)).toBe('12.3k');
    expect(formatScores([{ name: 'relevance', count: 2, avgScore: 0.625, label: 'relevant' }, { name: 'thumbs', count: 1, avgScore: null, label: 'down' }])).toBe('relevance 0.63, thumbs down');
    expect(formatScores([])).toBe('—');
    expect(formatCost(null)).toBe('—');
    expect(formatCost(0.000123)).toBe('$0.00012');
    expect(formatCost(0.0512)).toBe('$0.0512');
    expect(formatCost(12.5)).toBe('$12.50');
    expect(formatInt('12345')).toBe('12,345');
    expect(formatTokens('')).toBe('—');
    expect(formatDuration('abc')).toBe('—');
  });

  it('converts nanosecond strings beyond 2^53 exactly to ms', () => {
    expect(nanoToMs('1700000000123456789')).toBeCloseTo(1700000000123.456789, 3);
    expect(nanoToMs(2_000_000)).toBe(2);
    expect(Number.isNaN(nanoToMs(null))).toBe(true);
  });
});

describe('clipText', () => {
  it('cuts at the line or character limit, whichever comes first, and says so', () => {
    expect(clipText('short', 10, 3)).toEqual({ shown: 'short', clipped: false });
    expect(clipText('a\nb\nc\nd', 100, 2)).toEqual({ shown: 'a\nb…', clipped: true });
    expect(clipText('abcdefghij', 4, 5)).toEqual({ shown: 'abcd…', clipped: true });
  });
});
