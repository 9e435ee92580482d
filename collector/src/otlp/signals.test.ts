import { describe, expect, it } from 'vitest';
import { reachableWhilePending } from '../../test/retention.js';
import { encodeGenAiRequest } from '../bench/genai-request.js';
import type { TracesBatch } from '../model/types.js';
import { readTraces, tracesHandler } from './signals.js';

describe('traces handler', () => {
  it('does not hold the decoded batch while its write is being acknowledged', async () => {
    let ref: WeakRef<TracesBatch> | undefined;
    let acknowledge: () => void = () => {};
    const handler = tracesHandler({
      consumeTraces(batch) {
        ref = new WeakRef(batch);
        // The exporter encodes at once and waits for the write with the encoded bytes only.
        return new Promise<void>((resolve) => (acknowledge = resolve));
      },
    });
    const exporting = handler.export(encodeGenAiRequest(50, 1), 'protobuf', { projectId: 'p' });
    expect(await reachableWhilePending(() => ref, exporting, () => acknowledge()), 'batch still reachable while the export awaits its write').toBe(false);
    expect(await exporting).toEqual({});
  });

  it.each(['protobuf', 'json'] as const)('copies everything out of a %s body before export returns (copiesBody)', async (encoding) => {
    const span = (i: number) => ({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: `eee19b7ec3c1b17${i}`,
      name: `chat ${i}`,
      startTimeUnixNano: '1764806400000000000',
      endTimeUnixNano: '1764806400500000000',
      attributes: [{ key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } }, { key: 'n', value: { intValue: String(i) } }],
    });
    const json = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ spans: [span(1), span(2)] }] }] };
    const body = encoding === 'protobuf' ? Buffer.from(encodeGenAiRequest(20, 2)) : Buffer.from(JSON.stringify(json));
    const expected = JSON.stringify(readTraces(Buffer.from(body), encoding, 'p'));
    let seen: TracesBatch | undefined;
    const handler = tracesHandler({ consumeTraces: (batch) => ((seen = batch), Promise.resolve()) });
    expect(handler.copiesBody).toBe(true);
    const exporting = handler.export(body, encoding, { projectId: 'p' });
    body.fill(0x7a); // the receiver reuses the buffer for the next request right away
    await exporting;
    expect(JSON.stringify(seen)).toBe(expected);
  });

  it('reports rejected spans to onRejected, whether the request is partly or wholly refused', async () => {
    const span = (traceId: string) => ({ traceId, spanId: 'eee19b7ec3c1b174', name: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' });
    const body = (...ids: string[]) => Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: ids.map(span) }] }] }));
    const rejected: number[] = [];
    const handler = tracesHandler({ consumeTraces: () => Promise.resolve() }, (n) => rejected.push(n));
    const partial = await handler.export(body('5b8efff798038103d269b633813fc60c', '5b8e'), 'json', { projectId: 'p' });
    expect(partial).toMatchObject({ partialSuccess: { rejectedSpans: 1 } });
    await expect(handler.export(body('00', '5b8e'), 'json', { projectId: 'p' })).rejects.toThrow('all 2 spans rejected');
    await handler.export(body('5b8efff798038103d269b633813fc60c'), 'json', { projectId: 'p' });
    expect(rejected).toEqual([1, 2]);
  });
});
