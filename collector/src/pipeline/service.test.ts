import { describe, expect, it } from 'vitest';
import { reachableWhilePending, startOnFreshBatch } from '../../test/retention.js';
import { Telemetry } from '../telemetry.js';
import { receiverEntry } from './service.js';

describe('receiverEntry', () => {
  it('does not hold the batch while its pipelines write it', async () => {
    let acknowledge: () => void = () => {};
    const entry = receiverEntry('traces', () => new Promise<void>((resolve) => (acknowledge = resolve)), new Telemetry(), { takeTokens: () => {} });
    const { ref, pending } = startOnFreshBatch(entry);
    expect(await reachableWhilePending(() => ref, pending, () => acknowledge())).toBe(false);
  });

  it('counts items received when taken and accepted once written', async () => {
    const telemetry = new Telemetry();
    let acknowledge: () => void = () => {};
    const entry = receiverEntry('traces', () => new Promise<void>((resolve) => (acknowledge = resolve)), telemetry, { takeTokens: () => {} });
    const batch = { projectId: 'p', resourceSpans: [{ scopeSpans: [{ spans: [{}, {}, {}] }] }] };
    const writing = entry(batch);
    const count = async (name: string) => (await telemetry.registry.getSingleMetric(name)!.get()).values.find((v) => v.labels.signal === 'traces')?.value ?? 0;
    expect(await count('watchllm_receiver_items_received_total')).toBe(3);
    expect(await count('watchllm_receiver_items_accepted_total')).toBe(0);
    acknowledge();
    await writing;
    expect(await count('watchllm_receiver_items_accepted_total')).toBe(3);
  });

  it('rejects a batch the rate limit refuses, without passing it on', async () => {
    let passedOn = false;
    const refusal = new Error('rate limited');
    const entry = receiverEntry('traces', () => ((passedOn = true), Promise.resolve()), new Telemetry(), {
      takeTokens: () => {
        throw refusal;
      },
    });
    await expect(entry({ projectId: 'p', resourceSpans: [] })).rejects.toBe(refusal);
    expect(passedOn).toBe(false);
  });
});
