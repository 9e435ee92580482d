import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { encodeGenAiRequest } from '../bench/genai-request.js';
import type { TracesBatch } from '../model/types.js';
import { tracesHandler } from './signals.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

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
    await new Promise((r) => setImmediate(r));
    gc();
    expect(ref).toBeDefined();
    expect(ref!.deref(), 'batch still reachable while the export awaits its write').toBeUndefined();
    acknowledge();
    expect(await exporting).toEqual({});
  });
});
