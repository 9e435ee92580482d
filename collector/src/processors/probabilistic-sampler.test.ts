import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attrs, scopeInfo, testLogRecord, testSpan } from '../../test/model-fixtures.js';
import type { LogsBatch } from '../model/logs.js';
import type { TracesBatch } from '../model/types.js';
import { createProbabilisticSampler, sampled, seededFnv32a, type SamplerConfig } from './probabilistic-sampler.js';

const CONFIG: SamplerConfig = { samplingPercentage: 25, hashSeed: 22, failClosed: true, attributeSource: 'traceID', fromAttribute: '', samplingPriority: '' };

function traces(traceIds: string[], priority?: number): TracesBatch {
  const spans = traceIds.flatMap((traceId) => [0, 1].map(() => ({ ...testSpan('s', 1, attrs(priority === undefined ? {} : { 'sampling.priority': priority }, priority === undefined ? undefined : { 'sampling.priority': 'int' })), traceId })));
  return { projectId: 'default', resourceSpans: [{ resource: attrs({}), scopeSpans: [{ scope: scopeInfo(), spans }] }], rejectedSpans: 0, rejectionReasons: [] };
}
const kept = (b: TracesBatch) => b.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.traceId)));

describe('probabilistic_sampler (hash_seed)', () => {
  it('hashes like Go’s FNV-1a over the seed’s little-endian bytes, then the id', () => {
    // FNV-1a 32 of four zero bytes (seed 0, no id), as an independent FNV-1a computes it.
    expect(seededFnv32a(new Uint8Array(0), 0)).toBe(0x4b95f515);
    expect(seededFnv32a(Buffer.from('a'), 0)).not.toBe(seededFnv32a(Buffer.from('a'), 1));
  });

  it('keeps about the configured share of traces, every span of a trace alike, the same with the same seed', () => {
    const ids = Array.from({ length: 4000 }, () => randomBytes(16).toString('hex'));
    const out = kept(createProbabilisticSampler(CONFIG).processTraces(traces(ids)));
    const share = new Set(out).size / ids.length;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.28);
    // Both spans of each kept trace kept.
    expect(out.length).toBe(new Set(out).size * 2);
    expect(kept(createProbabilisticSampler(CONFIG).processTraces(traces(ids)))).toEqual(out);
    // A higher percentage keeps a superset (consistent sampling).
    const more = new Set(kept(createProbabilisticSampler({ ...CONFIG, samplingPercentage: 60 }).processTraces(traces(ids))));
    expect(out.every((id) => more.has(id))).toBe(true);
    expect(kept(createProbabilisticSampler({ ...CONFIG, samplingPercentage: 0 }).processTraces(traces(ids)))).toEqual([]);
    expect(kept(createProbabilisticSampler({ ...CONFIG, samplingPercentage: 100 }).processTraces(traces(ids)))).toHaveLength(8000);
  });

  it('follows sampling.priority, and counts what it left out', () => {
    const ids = Array.from({ length: 200 }, () => randomBytes(16).toString('hex'));
    const dropped: unknown[] = [];
    expect(kept(createProbabilisticSampler({ ...CONFIG, samplingPercentage: 0 }).processTraces(traces(ids, 1)))).toHaveLength(400);
    expect(kept(createProbabilisticSampler({ ...CONFIG, samplingPercentage: 100 }, (s, n) => dropped.push([s, n])).processTraces(traces(ids, 0)))).toEqual([]);
    expect(dropped).toEqual([['traces', 400]]);
    expect(sampled(Buffer.from(ids[0]!, 'hex'), 22, 100)).toBe(true);
  });

  it('samples log records by trace id, else by an attribute; with nothing to hash fail_closed decides', () => {
    const record = (traceId: string, user?: string, priority?: number) => ({
      ...testLogRecord(9, 'x', undefined, attrs({ ...(user ? { 'user.id': user } : {}), ...(priority !== undefined ? { 'sampling.pct': priority } : {}) })),
      traceId,
    });
    const logs = (...records: ReturnType<typeof record>[]): LogsBatch => ({ projectId: 'default', resourceLogs: [{ resource: { attributes: attrs({}), schemaUrl: '' }, scopeLogs: [{ scope: scopeInfo(), logRecords: records }] }], rejectedLogRecords: 0, rejectionReasons: [] });
    const count = (b: LogsBatch) => b.resourceLogs.reduce((n, rl) => n + rl.scopeLogs.reduce((m, sl) => m + sl.logRecords.length, 0), 0);
    const users = Array.from({ length: 2000 }, (_, i) => `user-${i}`);
    const byUser = createProbabilisticSampler({ ...CONFIG, attributeSource: 'record', fromAttribute: 'user.id' }).processLogs(logs(...users.map((u) => record('', u))));
    expect(count(byUser) / users.length).toBeGreaterThan(0.21);
    expect(count(byUser) / users.length).toBeLessThan(0.29);
    expect(count(createProbabilisticSampler(CONFIG).processLogs(logs(record(''), record(''))))).toBe(0);
    expect(count(createProbabilisticSampler({ ...CONFIG, failClosed: false }).processLogs(logs(record(''), record(''))))).toBe(2);
    // A record's own percentage (sampling_priority names the attribute).
    expect(count(createProbabilisticSampler({ ...CONFIG, samplingPercentage: 0, samplingPriority: 'sampling.pct' }).processLogs(logs(record('ab'.repeat(16), undefined, 100))))).toBe(1);
  });
});
