// The fake API's datasets (/api/v1/datasets): a support dataset with three items and three runs over it (two of them
// linked to the support traces of fixtures.ts), an empty one, and what the UI posts, kept for the tests to check.
import type { DatasetDetailDto, DatasetItemDto, DatasetRunSummaryDto, RunResultDto } from '../src/api/types.js';
import { SUPPORT_TRACE_ID, SUPPORT_V2_TRACE_ID } from './fixtures.js';

export const DATASET = 'support-qa';
export const RUN_BASELINE = 'baseline sonnet';
export const RUN_HAIKU = 'haiku/v2';
export const LONG_ANSWER_LINES = Array.from({ length: 12 }, (_, i) => `Step ${i + 1}: check the order status page.`);

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

function item(id: string, input: unknown, expectedOutput: unknown, extra: Partial<DatasetItemDto> = {}): DatasetItemDto {
  return { id, status: 'ACTIVE', input, expectedOutput, metadata: null, sourceTraceId: null, sourceObservationId: null, createdAt: at(300), updatedAt: at(300), ...extra };
}

function result(traceId: string, output: unknown, r: Partial<RunResultDto> = {}): RunResultDto {
  return { traceId, observationId: null, output, latencyMs: 800, costUsd: 0.001, totalTokens: 340, error: false, scores: [], ...r };
}

const ITEMS = [
  item('item-refund', [{ role: 'user', content: 'My order #123 is 3 days late. Can I get a refund?' }], 'Not yet: refunds start at 7 days late.', {
    sourceTraceId: SUPPORT_TRACE_ID, sourceObservationId: 'b000000000000002', metadata: { topic: 'refunds' },
  }),
  item('item-reset', { question: 'How do I reset my password?' }, 'Use "Forgot password" on the sign-in page.'),
  item('item-track', 'Where is my parcel?', LONG_ANSWER_LINES.join('\n'), { status: 'ARCHIVED' }),
];

const RUNS: DatasetRunSummaryDto[] = [
  { name: RUN_HAIKU, description: 'friendlier prompt on haiku', metadata: null, createdAt: at(30), items: 3, avgLatencyMs: 650, totalCostUsd: 0.0012,
    scores: [{ name: 'correctness', avg: 0.5, count: 3 , labels: [] }] },
  { name: RUN_BASELINE, description: null, metadata: null, createdAt: at(90), items: 3, avgLatencyMs: 1700, totalCostUsd: 0.0048,
    scores: [{ name: 'correctness', avg: 0.83, count: 3 , labels: [] }, { name: 'tone', avg: 0.6, count: 3 , labels: [] }] },
  { name: 'smoke', description: null, metadata: null, createdAt: at(200), items: 0, avgLatencyMs: null, totalCostUsd: null, scores: [] },
];

const RESULTS: Record<string, Record<string, RunResultDto | null>> = {
  'item-refund': {
    [RUN_HAIKU]: result(SUPPORT_V2_TRACE_ID, [{ role: 'assistant', parts: [{ type: 'text', content: 'Sorry about the delay! I have issued a full refund.' }] }], {
      observationId: 'c000000000000002', latencyMs: 1700, costUsd: 0.0004, totalTokens: 330, scores: [{ name: 'correctness', value: 0, label: 'wrong' }] }),
    [RUN_BASELINE]: result(SUPPORT_TRACE_ID, 'Your order is 3 days late, which is not yet eligible for a refund.', {
      observationId: 'b000000000000002', latencyMs: 1700, costUsd: 0.0016, totalTokens: 355, error: true,
      scores: [{ name: 'correctness', value: 1, label: null }, { name: 'tone', value: 0.4, label: null }] }),
  },
  'item-reset': {
    [RUN_HAIKU]: result(SUPPORT_V2_TRACE_ID, 'Click "Forgot password" when you sign in.', { scores: [{ name: 'correctness', value: 1, label: null }] }),
    [RUN_BASELINE]: result(SUPPORT_TRACE_ID, 'Use "Forgot password" on the sign-in page.', { scores: [{ name: 'correctness', value: 1, label: null }, { name: 'tone', value: 0.8, label: null }] }),
  },
  'item-track': {
    [RUN_HAIKU]: result(SUPPORT_V2_TRACE_ID, LONG_ANSWER_LINES.join('\n'), { scores: [{ name: 'correctness', value: 0.5, label: null }] }),
    [RUN_BASELINE]: null,
  },
};

const json = (status: number, body: unknown) => ({ status, type: 'application/json', body: JSON.stringify(body) });

export function createDatasetsApi() {
  const datasets = new Map<string, DatasetDetailDto>([
    [DATASET, { dataset: { name: DATASET, description: 'Support questions with the answers we want', metadata: { owner: 'support-team' }, createdAt: at(400), updatedAt: at(300) }, items: ITEMS, runs: RUNS }],
    ['weather-smoke', { dataset: { name: 'weather-smoke', description: null, metadata: null, createdAt: at(500), updatedAt: at(500) }, items: [], runs: [] }],
  ]);
  /** What the UI posted, in order. */
  const posts: { path: string; body: Record<string, unknown> }[] = [];
  const summary = ({ dataset, items, runs }: DatasetDetailDto) => ({
    ...dataset, items: items.filter((i) => i.status === 'ACTIVE').length, runs: runs.length, lastRunAt: runs[0]?.createdAt ?? null,
  });

  /** The answer to a datasets request, or null when the path is not one of theirs. */
  function handle(method: string, url: URL, body: Record<string, unknown>) {
    const m = url.pathname.match(/^\/api\/v1\/datasets(?:\/([^/]+))?(?:\/(items|compare))?$/);
    if (!m) return null;
    const name = m[1] === undefined ? undefined : decodeURIComponent(m[1]);
    if (method === 'POST') posts.push({ path: url.pathname, body });
    if (name === undefined) {
      if (method === 'GET') return json(200, { datasets: [...datasets.values()].map(summary) });
      if (typeof body.name !== 'string' || !body.name) return json(400, { error: 'name is required' });
      const now = new Date().toISOString();
      const old = datasets.get(body.name);
      const dataset = { name: body.name, description: (body.description as string) ?? null, metadata: body.metadata ?? null, createdAt: old?.dataset.createdAt ?? now, updatedAt: now };
      datasets.set(body.name, { dataset, items: old?.items ?? [], runs: old?.runs ?? [] });
      return json(201, summary(datasets.get(body.name)!));
    }
    const found = datasets.get(name);
    if (!found) return json(404, { error: `dataset ${name} not found` });
    if (m[2] === 'items' && method === 'POST') {
      const added = item(`item-${found.items.length + 1}-${Date.now()}`, body.input, body.expectedOutput ?? null, {
        sourceTraceId: (body.sourceTraceId as string) ?? null, sourceObservationId: (body.sourceObservationId as string) ?? null, createdAt: new Date().toISOString(),
      });
      found.items = [added, ...found.items];
      return json(201, added);
    }
    if (m[2] === 'compare') {
      const runs = url.searchParams.getAll('run');
      if (runs.length < 1 || runs.length > 10) return json(400, { error: 'give 1 to 10 runs' });
      const unknown = runs.find((r) => !found.runs.some((x) => x.name === r));
      if (unknown) return json(404, { error: `run ${unknown} not found in ${name}` });
      return json(200, {
        runs: runs.map((r) => found.runs.find((x) => x.name === r)),
        items: found.items.map((i) => ({ itemId: i.id, input: i.input, expectedOutput: i.expectedOutput, results: Object.fromEntries(runs.map((r) => [r, RESULTS[i.id]?.[r] ?? null])) })),
      });
    }
    return m[2] ? json(405, { error: 'method not allowed' }) : json(200, found);
  }

  return { handle, posts };
}
