// Model prices as a Langfuse user sets them: the real Langfuse client (@langfuse/client) creates a model for a
// made-up model name through `api.models.create` against `watchllm start` with auth on, then a span of that
// model sent over OTLP is stored with tokens × those prices; another project's spans are not priced by it, a
// deleted model prices no more spans, and the built-in (catalog) models are listed but cannot be deleted.
import { randomBytes } from 'node:crypto';
import type { LangfuseClient } from '@langfuse/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers.js';
import { langfuseProjects } from './langfuse-projects.js';
import type { WatchLLMProcess } from './process.js';

const MODEL = 'acme-e2e-llm';

const projects = langfuseProjects('models');
let p: WatchLLMProcess;
let key: string;
let otherKey: string;
let langfuse: LangfuseClient;
let elsewhere: LangfuseClient;
// After langfuseProjects' own beforeAll, which started the process.
beforeAll(() => void ({ p, key, langfuse, elsewhere, elsewhereKey: otherKey } = projects()));

const int = (key: string, v: number) => ({ key, value: { intValue: String(v) } });
const str = (key: string, v: string) => ({ key, value: { stringValue: v } });

/** One chat span of `model` with these token counts, sent over OTLP/HTTP JSON with `apiKey`; its trace id. */
async function sendChat(apiKey: string, model: string, tokens: { input: number; cached?: number; output: number }): Promise<string> {
  const traceId = randomBytes(16).toString('hex');
  const start = BigInt(Date.now()) * 1_000_000n;
  const span = {
    traceId, spanId: randomBytes(8).toString('hex'), name: `chat ${model}`, kind: 3, startTimeUnixNano: String(start), endTimeUnixNano: String(start + 500_000_000n),
    attributes: [
      str('gen_ai.operation.name', 'chat'), str('gen_ai.provider.name', 'acme'), str('gen_ai.request.model', model),
      int('gen_ai.usage.input_tokens', tokens.input), int('gen_ai.usage.cache_read.input_tokens', tokens.cached ?? 0), int('gen_ai.usage.output_tokens', tokens.output),
    ],
  };
  const res = await fetch(`${p.otlpHttp}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [str('service.name', 'models-e2e')] }, scopeSpans: [{ spans: [span] }] }] }),
  });
  expect(res.status).toBe(200);
  return traceId;
}

/** The stored cost of the trace's one span, as WatchLLM's API shows it (source and price version included). */
async function storedCost(apiKey: string, traceId: string): Promise<{ costUsd: number | null; costSource: string | null; priceVersion: string | null }> {
  const read = async () => {
    const res = await fetch(`${p.api}/api/v1/traces/${traceId}`, { headers: { authorization: `Bearer ${apiKey}` } });
    return res.status === 200 ? ((await res.json()) as { spans: { genAi: { costUsd: number | null; costSource: string | null; priceVersion: string | null } | null }[] }).spans : [];
  };
  const spans = await eventually(read, (s) => s.length === 1);
  expect(spans).toHaveLength(1);
  const { costUsd, costSource, priceVersion } = spans[0].genAi!;
  return { costUsd, costSource, priceVersion };
}

describe('Langfuse models through its client', () => {
  it('creates a model for a made-up name; a span of it sent right after is priced by it, per token', async () => {
    const model = await langfuse.api.models.create({ modelName: MODEL, matchPattern: `(?i)^(${MODEL})$`, unit: 'TOKENS', inputPrice: 0.000002, outputPrice: 0.000006 });
    expect(model).toMatchObject({ modelName: MODEL, isLangfuseManaged: false, inputPrice: 0.000002, outputPrice: 0.000006, prices: { input: { price: 0.000002 }, output: { price: 0.000006 } } });
    expect(await langfuse.api.models.get(model.id)).toEqual(model);

    // 1000 input tokens (200 of them cached: no cache price, so billed as input) and 500 output, upper case: the pattern has (?i).
    const traceId = await sendChat(key, MODEL.toUpperCase(), { input: 1000, cached: 200, output: 500 });
    const expected = 1000 * 0.000002 + 500 * 0.000006;
    const cost = await storedCost(key, traceId);
    expect(cost).toEqual({ costUsd: expect.closeTo(expected, 12), costSource: 'custom', priceVersion: `model:${model.id}` });
    // What a Langfuse script reads back.
    const trace = await eventually(() => langfuse.api.trace.get(traceId), (t) => t.observations.length === 1);
    expect(trace.observations[0]).toMatchObject({ model: MODEL.toUpperCase(), totalCost: expect.closeTo(expected, 12) });

    // Another project's span of the same model: its models are its own.
    expect((await storedCost(otherKey, await sendChat(otherKey, MODEL, { input: 1000, output: 500 }))).costUsd).toBeNull();
  });

  it('prices cached input at its own price from a default pricing tier; a model whose start date is ahead does not apply yet', async () => {
    const tiered = await langfuse.api.models.create({
      modelName: `${MODEL}-cached`, matchPattern: `^${MODEL}-cached$`, unit: 'TOKENS',
      pricingTiers: [{ name: 'Standard', isDefault: true, priority: 0, conditions: [], prices: { input: 0.000004, input_cache_read: 0.000001, output: 0.00001 } }],
    });
    await langfuse.api.models.create({ modelName: `${MODEL}-cached`, matchPattern: `^${MODEL}-cached$`, unit: 'TOKENS', startDate: '2099-01-01T00:00:00Z', inputPrice: 1, outputPrice: 1 });
    const cost = await storedCost(key, await sendChat(key, `${MODEL}-cached`, { input: 1000, cached: 600, output: 100 }));
    expect(cost).toEqual({ costUsd: expect.closeTo(400 * 0.000004 + 600 * 0.000001 + 100 * 0.00001, 12), costSource: 'custom', priceVersion: `model:${tiered.id}` });
  });

  it("lists the project's models first, then the built-in ones (read-only); another project sees only the built-in ones", async () => {
    const { data, meta } = await langfuse.api.models.list({ limit: 10 });
    expect(data.slice(0, 3).map((m) => [m.modelName, m.isLangfuseManaged])).toEqual([[`${MODEL}-cached`, false], [`${MODEL}-cached`, false], [MODEL, false]]);
    expect(data[3].isLangfuseManaged).toBe(true);
    expect(meta).toMatchObject({ page: 1, limit: 10 });
    expect(meta.totalItems).toBeGreaterThan(150);
    expect((await elsewhere.api.models.list({ limit: 1 })).data[0].isLangfuseManaged).toBe(true);
    const builtIn = (await langfuse.api.models.list({ page: 1, limit: 100 })).data.find((m) => m.modelName === 'gpt-4o-mini')!;
    expect(builtIn).toMatchObject({ isLangfuseManaged: true, inputPrice: 1.5e-7, outputPrice: 6e-7 });
    await expect(langfuse.api.models.delete(builtIn.id)).rejects.toThrow(/built in/);
  });

  it('refuses a bad model naming the field; deletes a model once, and its spans are not priced by it any more', async () => {
    await expect(langfuse.api.models.create({ modelName: 'x', matchPattern: '(?i)^(x$', unit: 'TOKENS' })).rejects.toThrow(/matchPattern: not a valid regular expression/);
    await expect(langfuse.api.models.create({ modelName: 'x', matchPattern: 'x', unit: 'TOKENS', inputPrice: -1 })).rejects.toThrow(/field inputPrice/);
    const model = (await langfuse.api.models.list({ limit: 3 })).data.find((m) => m.modelName === MODEL)!;
    await expect(elsewhere.api.models.delete(model.id)).rejects.toThrow(/not found/);
    await langfuse.api.models.delete(model.id);
    await expect(langfuse.api.models.get(model.id)).rejects.toThrow(/not found/);
    await expect(langfuse.api.models.delete(model.id)).rejects.toThrow(/not found/);
    expect((await storedCost(key, await sendChat(key, MODEL, { input: 1000, output: 500 }))).costUsd).toBeNull();
  });
});
