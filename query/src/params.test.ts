import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeTimeIdCursor, encodeCursor, encodeTimeIdCursor } from './cursor.js';
import { Params, parseStepSeconds, parseTimeMs } from './params.js';
import { ApiError } from './routes/errors.js';

const url = (qs: string) => `http://x/api/v1/traces?${qs}`;

function error(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('parseTimeMs', () => {
  it('reads unix milliseconds and ISO 8601 with zones and fractions', () => {
    expect(parseTimeMs('1700000000123')).toBe(1700000000123);
    expect(parseTimeMs('2024-05-01T12:00:00Z')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseTimeMs('2024-05-01T12:00:00.123456789Z')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 123));
    expect(parseTimeMs('2024-05-01T14:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseTimeMs('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
  });

  it('refuses anything else', () => {
    for (const raw of ['', 'yesterday', '-5', '1e12', "1' OR 1=1 --", '2024-13-45T99:99:99Z', '99999999999999999', '2024-05-01T12:00:00Z; DROP']) {
      expect(parseTimeMs(raw), raw).toBeUndefined();
    }
  });
});

describe('Params', () => {
  it('rejects unknown parameter names, naming them', () => {
    const e = error(() => new Params(url('limit=5&colour=red'), ['limit']));
    expect(e.status).toBe(400);
    expect(e.message).toContain('colour');
  });

  it('accepts attr.<key> only where attribute filters are allowed', () => {
    expect(new Params(url('attr.http.method=GET&attr.x=1'), [], { attributes: true }).attributes()).toEqual([
      { key: 'http.method', value: 'GET' },
      { key: 'x', value: '1' },
    ]);
    expect(error(() => new Params(url('attr.x=1'), [])).status).toBe(400);
  });

  it('parses numbers with bounds and says which parameter is wrong', () => {
    const p = new Params(url('limit=10&minCostUsd=0.25&bad=abc&neg=-1'), ['limit', 'minCostUsd', 'bad', 'neg']);
    expect(p.limit(50, 1000)).toBe(10);
    expect(p.number('minCostUsd', { min: 0 })).toBe(0.25);
    expect(error(() => p.number('bad')).message).toMatch(/^parameter bad:/);
    expect(error(() => p.number('neg', { min: 0 })).message).toMatch(/^parameter neg: must be at least 0/);
    // Past 2^53 a number is not exact (and the ClickHouse client refuses to bind it).
    expect(error(() => new Params(url('huge=1e40'), ['huge']).number('huge', { min: 0 })).message).toBe('parameter huge: must be at most 9007199254740991');
    expect(error(() => new Params(url('limit=1001'), ['limit']).limit(50, 1000)).message).toContain('limit');
    expect(error(() => new Params(url('limit=2.5'), ['limit']).limit(50, 1000)).message).toContain('integer');
    expect(new Params(url(''), ['limit']).limit(50, 1000)).toBe(50);
  });

  it('defaults the time range to the span before end and refuses inverted ranges', () => {
    const now = Date.UTC(2024, 0, 2);
    expect(new Params(url(''), ['start', 'end']).timeRange(86_400_000, now)).toEqual({ startMs: now - 86_400_000, endMs: now });
    expect(new Params(url('end=2024-01-01T00:00:00Z'), ['start', 'end']).timeRange(3_600_000, now)).toEqual({
      startMs: Date.UTC(2023, 11, 31, 23),
      endMs: Date.UTC(2024, 0, 1),
    });
    expect(error(() => new Params(url('start=2000&end=1000'), ['start', 'end']).timeRange(1, now)).message).toContain('start');
    expect(error(() => new Params(url('start=soon'), ['start', 'end']).timeRange(1, now)).message).toContain('parameter start');
  });

  it('restricts enumerations', () => {
    const p = new Params(url('status=error&groupBy=model;DROP'), ['status', 'groupBy']);
    expect(p.oneOf('status', ['ok', 'error'] as const)).toBe('error');
    expect(error(() => p.oneOf('groupBy', ['model', 'provider'] as const)).message).toContain('groupBy');
  });

  it('parses steps as whole minutes', () => {
    expect(parseStepSeconds('5m')).toBe(300);
    expect(parseStepSeconds('3600')).toBe(3600);
    expect(parseStepSeconds('1d')).toBe(86_400);
    expect(parseStepSeconds('5 minutes')).toBeUndefined();
    const p = new Params(url('step=90s&ok=2h'), ['step', 'ok']);
    expect(error(() => p.stepSeconds('step', 60, 86_400)).message).toContain('multiple of 60s');
    expect(p.stepSeconds('ok', 60, 86_400)).toBe(7200);
  });
});

describe('cursors', () => {
  const isTraceId = (id: string) => /^[0-9a-f]{32}$/.test(id);

  it('round-trips a keyset position opaquely', () => {
    const key = { timeNs: '1700000000123456789', id: 'a'.repeat(32) };
    const raw = encodeTimeIdCursor(key);
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(raw).not.toContain(key.id);
    expect(decodeTimeIdCursor(raw, isTraceId)).toEqual(key);
    expect(decodeCursor(encodeCursor(['a b', '"quoted"']), 2)).toEqual(['a b', '"quoted"']);
  });

  it('refuses forged or damaged cursors', () => {
    const forged = [
      'not a cursor',
      encodeCursor(['1700000000000000000']),
      encodeCursor(["1' OR '1'='1", 'a'.repeat(32)]),
      encodeCursor(['1700000000000000000', "x' OR 1=1 --"]),
      encodeCursor(['99999999999999999999', 'a'.repeat(32)]),
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
    ];
    for (const raw of forged) expect(decodeTimeIdCursor(raw, isTraceId), raw).toBeUndefined();
    const e = error(() => new Params(url('cursor=abc'), ['cursor']).timeIdCursor('cursor', isTraceId));
    expect(e.message).toContain('cursor');
  });
});
