// A team moving its datasets and experiments over from Langfuse: the real @langfuse/client (datasets, items,
// runExperiment with item-level and run-level evaluators) with its traces sent by @langfuse/otel, and the older
// `langfuse` v3 SDK's dataset calls, against `watchllm start` with auth on. What they write must read back through
// Langfuse's API and WatchLLM's own (/api/v1/datasets: the run summed up, and runs compared item by item).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LangfuseClient } from '@langfuse/client';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { setLangfuseTracerProvider, startObservation } from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { Langfuse } from 'langfuse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetCompareDto, DatasetDetailDto, DatasetListDto } from '../src/dto/dataset.js';
import { eventually } from './helpers.js';
import { createApiKey, startProcess, stopProcess, type WatchLLMProcess } from './process.js';

let p: WatchLLMProcess;
let key: string;
let otherKey: string;
let langfuse: LangfuseClient;
let processor: LangfuseSpanProcessor;
let provider: NodeTracerProvider;

const api = (path: string, init: RequestInit = {}, secret = key) =>
  fetch(`${p.api}${path}`, { ...init, headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...init.headers } });
const json = async <T = any>(path: string, init: RequestInit = {}, secret = key) => {
  const res = await api(path, init, secret);
  return { status: res.status, body: (await res.json()) as T };
};

// The model under test knows two capitals of three; Germany's it gets wrong.
const ANSWERS: Record<string, string> = { France: 'Paris', Germany: 'Munich', Italy: 'Rome' };

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchllm-datasets-'));
  key = createApiKey(dataDir, 'experiments');
  otherKey = createApiKey(dataDir, 'elsewhere');
  p = await startProcess(['start'], { WATCHLLM_DATA_DIR: dataDir, WATCHLLM_AUTH: 'true', WATCHLLM_LANGFUSE_QUIET_MS: '300' });
  processor = new LangfuseSpanProcessor({ publicKey: 'pk-lf-anything', secretKey: key, baseUrl: p.api, exportMode: 'immediate', mediaUploadEnabled: false });
  provider = new NodeTracerProvider({ spanProcessors: [processor] });
  // Registered globally too: the experiment's span is then the active one its task's spans start under.
  provider.register();
  setLangfuseTracerProvider(provider);
  langfuse = new LangfuseClient({ publicKey: 'pk-lf-anything', secretKey: key, baseUrl: p.api });
}, 90_000);

afterAll(async () => {
  await provider?.shutdown();
  if (p) await stopProcess(p);
});

/** The task: one priced model call answering the item's country. */
const task = async (item: { input?: unknown }) => {
  const country = (item.input as { country: string }).country;
  const answer = ANSWERS[country];
  const generation = startObservation(
    'capital-llm',
    { model: 'gpt-4o-mini', input: [{ role: 'user', content: `What is the capital of ${country}?` }], usageDetails: { input: 20, output: 5 } },
    { asType: 'generation' },
  );
  await new Promise((r) => setTimeout(r, 20));
  generation.update({ output: { role: 'assistant', content: answer } }).end();
  return answer;
};
const exact = async ({ output, expectedOutput }: { output: unknown; expectedOutput?: unknown }) => ({ name: 'exact', value: output === expectedOutput ? 1 : 0 });

describe('Langfuse datasets through @langfuse/client', () => {
  it('creates a dataset (an upsert by name) and items (an upsert by id), archives one and reads them back', async () => {
    const created = await langfuse.api.datasets.create({ name: 'capitals', description: 'first draft', metadata: { owner: 'geo' } });
    const again = await langfuse.api.datasets.create({ name: 'capitals', description: 'European capitals' });
    expect(again).toMatchObject({ id: created.id, name: 'capitals', description: 'European capitals', metadata: { owner: 'geo' }, projectId: 'experiments' });
    expect(await langfuse.api.datasets.get('capitals')).toMatchObject({ id: created.id, createdAt: created.createdAt });

    for (const [id, country, capital] of [['fr', 'France', 'Paris'], ['de', 'Germany', 'Berlin'], ['it', 'Italy', 'Rome']]) {
      await langfuse.api.datasetItems.create({ datasetName: 'capitals', id, input: { country }, expectedOutput: 'wrong', metadata: { region: 'eu' } });
      const fixed = await langfuse.api.datasetItems.create({ datasetName: 'capitals', id, expectedOutput: capital });
      expect(fixed).toMatchObject({ id, datasetId: created.id, datasetName: 'capitals', status: 'ACTIVE', input: { country }, expectedOutput: capital, metadata: { region: 'eu' } });
    }
    await langfuse.api.datasetItems.create({ datasetName: 'capitals', id: 'it', status: 'ARCHIVED' });
    expect(await langfuse.api.datasetItems.get('it')).toMatchObject({ status: 'ARCHIVED', expectedOutput: 'Rome' });
    const list = await langfuse.api.datasetItems.list({ datasetName: 'capitals', limit: 1 });
    expect(list.meta).toEqual({ page: 1, limit: 1, totalItems: 2, totalPages: 2 });

    const temp = await langfuse.api.datasetItems.create({ datasetName: 'capitals', input: { country: 'Atlantis' } });
    expect(await langfuse.api.datasetItems.delete(temp.id)).toEqual({ message: `dataset item ${temp.id} deleted` });
    expect((await api(`/api/public/dataset-items/${temp.id}`)).status).toBe(404);
    expect((await langfuse.api.datasets.list()).data.map((d) => d.name)).toEqual(['capitals']);
  });

  it('runs an experiment: the task traced through OpenTelemetry, items linked to their traces, item and run scores kept', async () => {
    const dataset = await langfuse.dataset.get('capitals');
    expect(dataset.items.map((i) => i.id).sort()).toEqual(['de', 'fr']);
    const result = await dataset.runExperiment({
      name: 'Capitals',
      runName: 'run-a',
      description: 'gpt-4o-mini, no prompt',
      task,
      // A categorical score too: the run sums it up by its labels.
      evaluators: [exact, async ({ output, expectedOutput }) => ({ name: 'verdict', value: output === expectedOutput ? 'right' : 'wrong', dataType: 'CATEGORICAL' as const })],
      runEvaluators: [async ({ itemResults }) => ({ name: 'accuracy', value: itemResults.filter((r) => r.output === r.item.expectedOutput).length / itemResults.length })],
    });
    await processor.forceFlush();
    expect(result.datasetRunId).toBeTruthy();
    expect(result.runEvaluations).toEqual([expect.objectContaining({ name: 'accuracy', value: 0.5 })]);

    const run = await langfuse.api.datasets.getRun('capitals', 'run-a');
    expect(run).toMatchObject({ id: result.datasetRunId, name: 'run-a', description: 'gpt-4o-mini, no prompt', datasetName: 'capitals' });
    expect(run.datasetRunItems.map((i) => [i.datasetItemId, i.traceId]).sort()).toEqual(result.itemResults.map((r) => [r.item.id, r.traceId]).sort());
    const runItems = await langfuse.api.datasetRunItems.list({ datasetId: run.datasetId, runName: 'run-a' });
    expect(runItems.meta.totalItems).toBe(2);

    const { body: detail } = await eventually(
      () => json<DatasetDetailDto>('/api/v1/datasets/capitals'),
      (r) => r.body.runs?.[0]?.scores.length === 2,
    );
    expect(detail.dataset).toMatchObject({ name: 'capitals', description: 'European capitals' });
    expect(detail.items.map((i) => i.id).sort()).toEqual(['de', 'fr', 'it']);
    expect(detail.runs[0]).toMatchObject({
      name: 'run-a',
      items: 2,
      scores: [
        { name: 'exact', avg: 0.5, count: 2, labels: [] },
        { name: 'verdict', avg: null, count: 2, labels: [{ label: 'right', count: 1 }, { label: 'wrong', count: 1 }] },
        { name: 'accuracy', avg: 0.5, count: 1, labels: [] },
      ],
    });
    expect(detail.runs[0].avgLatencyMs).toBeGreaterThan(0);
    expect(detail.runs[0].totalCostUsd).toBeGreaterThan(0);
  });

  it('compares runs item by item: output, latency, cost, tokens, error and scores of each linked trace', async () => {
    const dataset = await langfuse.dataset.get('capitals');
    await langfuse.experiment.run({ name: 'Capitals', runName: 'run-b', data: dataset.items, task: async (item) => (item.input as { country: string }).country === 'France' ? 'Paris' : 'Berlin', evaluators: [exact] });
    await processor.forceFlush();

    const { status, body } = await eventually(
      () => json<DatasetCompareDto>('/api/v1/datasets/capitals/compare?run=run-a&run=run-b'),
      (r) => r.status === 200 && r.body.items.every((row) => Object.values(row.results).every((x) => x !== null && x.scores.length > 0)),
    );
    expect(status).toBe(200);
    expect(body.runs.map((r) => r.name)).toEqual(['run-a', 'run-b']);
    expect(body.items.map((row) => row.itemId).sort()).toEqual(['de', 'fr']);
    const germany = body.items.find((row) => row.itemId === 'de')!;
    expect(germany).toMatchObject({ input: { country: 'Germany' }, expectedOutput: 'Berlin' });
    expect(germany.results['run-a']).toMatchObject({ output: 'Munich', error: false, totalTokens: 25, scores: expect.arrayContaining([{ name: 'exact', value: 0, label: null }, { name: 'verdict', value: null, label: 'wrong' }]) });
    expect(germany.results['run-a']!.latencyMs).toBeGreaterThan(0);
    expect(germany.results['run-a']!.costUsd).toBeGreaterThan(0);
    expect(germany.results['run-a']!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(germany.results['run-b']).toMatchObject({ output: 'Berlin', scores: [{ name: 'exact', value: 1 }] });
    expect(body.runs[1].scores).toEqual([{ name: 'exact', avg: 1, count: 2, labels: [] }]);
  });

  it('lists runs, deletes one, and shows the list with counts', async () => {
    const runs = await langfuse.api.datasets.getRuns('capitals');
    expect(runs.data.map((r) => r.name)).toEqual(['run-b', 'run-a']);
    expect(runs.meta.totalItems).toBe(2);
    expect(await langfuse.api.datasets.deleteRun('capitals', 'run-b')).toEqual({ message: 'run run-b of dataset capitals deleted' });
    await expect(langfuse.api.datasets.getRun('capitals', 'run-b')).rejects.toThrow();
    const { body } = await json<DatasetListDto>('/api/v1/datasets');
    expect(body.datasets).toEqual([expect.objectContaining({ name: 'capitals', items: 2, runs: 1, lastRunAt: expect.any(String) })]);
  });
});

describe("WatchLLM's dataset API and its refusals", () => {
  it('creates a dataset and adds an item from a span (201), as the UI does', async () => {
    const created = await json('/api/v1/datasets', { method: 'POST', body: JSON.stringify({ name: 'from-traces', description: 'hard cases' }) });
    expect(created).toMatchObject({ status: 201, body: { name: 'from-traces', description: 'hard cases', items: 0, runs: 0, lastRunAt: null } });
    const item = await json('/api/v1/datasets/from-traces/items', { method: 'POST', body: JSON.stringify({ input: { q: 'hi' }, expectedOutput: 'hello', sourceTraceId: 'ab'.repeat(16), sourceObservationId: 'cd'.repeat(8) }) });
    expect(item).toMatchObject({ status: 201, body: { status: 'ACTIVE', input: { q: 'hi' }, expectedOutput: 'hello', sourceTraceId: 'ab'.repeat(16), sourceObservationId: 'cd'.repeat(8) } });
    const bySource = await langfuse.api.datasetItems.list({ sourceTraceId: 'ab'.repeat(16) });
    expect(bySource.data).toEqual([expect.objectContaining({ id: item.body.id, datasetName: 'from-traces' })]);
  });

  it("a second project's key sees none of it", async () => {
    expect((await json<DatasetListDto>('/api/v1/datasets', {}, otherKey)).body).toEqual({ datasets: [] });
    expect((await json('/api/public/v2/datasets', {}, otherKey)).body.data).toEqual([]);
    expect(await json('/api/public/v2/datasets/capitals', {}, otherKey)).toEqual({ status: 404, body: { error: 'dataset capitals not found' } });
    expect((await json('/api/public/dataset-items/fr', {}, otherKey)).status).toBe(404);
  });

  it('refuses bad bodies naming the field, and unknown datasets, items and runs naming them', async () => {
    const post = (path: string, body: unknown) => json(path, { method: 'POST', body: JSON.stringify(body) });
    expect(await post('/api/public/v2/datasets', { description: 'x' })).toEqual({ status: 400, body: { error: 'field name: expected a non-empty string' } });
    expect((await post('/api/public/dataset-items', { datasetName: 'capitals', status: 'GONE' })).body.error).toBe('field status: expected ACTIVE or ARCHIVED');
    expect(await post('/api/public/dataset-items', { datasetName: 'nope', input: 1 })).toEqual({ status: 404, body: { error: 'dataset nope not found' } });
    expect((await post('/api/public/dataset-items', { datasetName: 'from-traces', id: 'fr' })).status).toBe(409);
    expect((await post('/api/public/dataset-run-items', { runName: 'r', datasetItemId: 'fr' })).body.error).toMatch(/^field traceId: required/);
    expect((await post('/api/public/dataset-run-items', { runName: 'r', datasetItemId: 'nope', traceId: 'ab'.repeat(16) })).body.error).toBe('dataset item nope not found');
    expect((await post('/api/v1/datasets/capitals/items', { expectedOutput: 1 })).body.error).toMatch(/^field input: required/);
    expect((await post('/api/v1/datasets/nope/items', { input: 1 })).status).toBe(404);
    expect((await json('/api/v1/datasets/nope')).body).toEqual({ error: 'dataset nope not found' });
    expect((await json('/api/v1/datasets/capitals/compare')).body.error).toMatch(/^parameter run:/);
    expect(await json('/api/v1/datasets/capitals/compare?run=run-a&run=ghost')).toEqual({ status: 404, body: { error: 'run ghost of dataset capitals not found' } });
    expect((await json('/api/public/datasets/capitals/runs/ghost')).status).toBe(404);
    // A score on a run that is not there.
    const score = await json('/api/public/scores', { method: 'POST', body: JSON.stringify({ datasetRunId: 'ghost', name: 'accuracy', value: 1 }) });
    expect(score).toEqual({ status: 404, body: { error: 'dataset run ghost not found' } });
  });
});

describe('the older langfuse v3 SDK', () => {
  it('creates a dataset and an item, reads the dataset, and links an item to a trace of its own ingestion', async () => {
    const legacy = new Langfuse({ publicKey: 'pk-lf-legacy', secretKey: key, baseUrl: p.api, flushAt: 1000, requestTimeout: 30_000 });
    await legacy.createDataset({ name: 'legacy-ds', description: 'v3' });
    await legacy.createDatasetItem({ datasetName: 'legacy-ds', id: 'legacy-1', input: { q: 'ping' }, expectedOutput: 'pong' });
    const dataset = await legacy.getDataset('legacy-ds');
    expect(dataset).toMatchObject({ name: 'legacy-ds', description: 'v3' });
    expect(dataset.items.map((i) => i.id)).toEqual(['legacy-1']);
    const trace = legacy.trace({ name: 'legacy-task', input: { q: 'ping' }, output: { answer: 'pong' } });
    await dataset.items[0].link(trace, 'legacy-run');
    await legacy.shutdownAsync();

    const run = await legacy.getDatasetRun({ datasetName: 'legacy-ds', runName: 'legacy-run' });
    expect(run.datasetRunItems).toEqual([expect.objectContaining({ datasetItemId: 'legacy-1', traceId: trace.id })]);
    const { body } = await eventually(
      () => json<DatasetCompareDto>('/api/v1/datasets/legacy-ds/compare?run=legacy-run'),
      (r) => r.body.items?.[0]?.results['legacy-run'] !== null,
    );
    expect(body.items[0].results['legacy-run']).toMatchObject({ output: { answer: 'pong' }, error: false });
  });
});
