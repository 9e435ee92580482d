/** Datasets as WatchLLM's own API shows them: summaries, a dataset with its items and runs, runs side by side. */
import type { CompareRowDto, DatasetCompareDto, DatasetDetailDto, DatasetItemDto, DatasetRunSummaryDto, DatasetSummaryDto, RunResultDto, RunScoreDto } from '../dto/dataset.js';
import type { Dataset, DatasetItem, DatasetStore } from './dataset-store.js';
import { resultKey, type RunResultReader } from './run-results.js';
import { MAX_RUN_ITEMS, type DatasetRun, type RunItem, type RunStore } from './run-store.js';

export const iso = (ms: number) => new Date(ms).toISOString();
/** A dataset lists its items and runs at most this many at a time (newest first). */
const MAX_SHOWN = 1000;

export function datasetItemDto(i: DatasetItem): DatasetItemDto {
  return {
    id: i.id,
    status: i.status,
    input: i.input,
    expectedOutput: i.expectedOutput,
    metadata: i.metadata,
    sourceTraceId: i.sourceTraceId,
    sourceObservationId: i.sourceObservationId,
    createdAt: iso(i.createdAtMs),
    updatedAt: iso(i.updatedAtMs),
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Each dataset item's newest link in a run (an item run again replaces what it made). */
function newestPerItem(items: RunItem[]): Map<string, RunItem> {
  const out = new Map<string, RunItem>();
  for (const i of items) {
    const seen = out.get(i.datasetItemId);
    if (!seen || i.createdAtMs >= seen.createdAtMs) out.set(i.datasetItemId, i);
  }
  return out;
}

export class DatasetReports {
  constructor(
    private readonly datasets: DatasetStore,
    private readonly runs: RunStore,
    private readonly results: RunResultReader,
  ) {}

  async summaries(projectId: string, datasets: Dataset[]): Promise<DatasetSummaryDto[]> {
    const counts = await this.datasets.itemCounts(projectId, datasets.map((d) => d.id));
    return Promise.all(
      datasets.map(async (d) => {
        const { items: [newest], total } = await this.runs.listRuns(projectId, d.id, { limit: 1, offset: 0 });
        return {
          name: d.name,
          description: d.description,
          metadata: d.metadata,
          items: counts.get(d.id) ?? 0,
          runs: total,
          lastRunAt: newest ? iso(newest.createdAtMs) : null,
          createdAt: iso(d.createdAtMs),
          updatedAt: iso(d.updatedAtMs),
        };
      }),
    );
  }

  async detail(projectId: string, d: Dataset): Promise<DatasetDetailDto> {
    const [{ items }, { items: runs }] = await Promise.all([
      this.datasets.listItems(projectId, { datasetId: d.id, archived: true, limit: MAX_SHOWN, offset: 0 }),
      this.runs.listRuns(projectId, d.id, { limit: MAX_SHOWN, offset: 0 }),
    ]);
    const { summaries } = await this.runResults(projectId, d.id, runs, false);
    return {
      dataset: { name: d.name, description: d.description, metadata: d.metadata, createdAt: iso(d.createdAtMs), updatedAt: iso(d.updatedAtMs) },
      items: items.map(datasetItemDto),
      runs: summaries,
    };
  }

  /** The dataset's items (active ones, and archived ones some run has a result for) across `runs`, in the order given. */
  async compare(projectId: string, d: Dataset, runs: DatasetRun[]): Promise<DatasetCompareDto> {
    const [{ items }, { summaries, byRun }] = await Promise.all([
      this.datasets.listItems(projectId, { datasetId: d.id, archived: true, limit: MAX_RUN_ITEMS, offset: 0 }),
      this.runResults(projectId, d.id, runs, true),
    ]);
    const rows: CompareRowDto[] = [];
    for (const item of [...items].reverse()) {
      const results: Record<string, RunResultDto | null> = {};
      for (const run of runs) results[run.name] = byRun.get(run.id)?.get(item.id) ?? null;
      if (item.status === 'ARCHIVED' && Object.values(results).every((r) => r === null)) continue;
      rows.push({ itemId: item.id, input: item.input, expectedOutput: item.expectedOutput, results });
    }
    return { runs: summaries, items: rows };
  }

  /** Each run's result per dataset item, and its summary (in `runs` order). */
  private async runResults(projectId: string, datasetId: string, runs: DatasetRun[], outputs: boolean) {
    const runIds = runs.map((r) => r.id);
    const [{ items }, runScores] = await Promise.all([this.runs.runItems(projectId, datasetId, runIds), this.runs.scores(projectId, datasetId, runIds)]);
    const linked = new Map(runs.map((r) => [r.id, newestPerItem(items.filter((i) => i.runId === r.id))]));
    const results = await this.results.results(projectId, [...linked.values()].flatMap((m) => [...m.values()]), outputs);
    const byRun = new Map<string, Map<string, RunResultDto>>();
    const summaries = runs.map((run): DatasetRunSummaryDto => {
      const perItem = new Map<string, RunResultDto>();
      for (const [itemId, link] of linked.get(run.id)!) {
        const r = results.get(resultKey(link));
        if (r) perItem.set(itemId, r);
      }
      byRun.set(run.id, perItem);
      const done = [...perItem.values()];
      const costs = done.map((r) => r.costUsd).filter((c): c is number => c !== null);
      return {
        name: run.name,
        description: run.description,
        metadata: run.metadata,
        createdAt: iso(run.createdAtMs),
        items: linked.get(run.id)!.size,
        avgLatencyMs: mean(done.map((r) => r.latencyMs).filter((l): l is number => l !== null)),
        totalCostUsd: costs.length ? costs.reduce((a, b) => a + b, 0) : null,
        scores: [...itemScores(done), ...runScores.filter((s) => s.runId === run.id).map((s) => ({ name: s.name, avg: s.value, count: 1, labels: s.stringValue === null ? [] : [{ label: s.stringValue, count: 1 }] }))],
      };
    });
    return { summaries, byRun };
  }
}

/** Item-level scores by name: the mean of the items' values, over the items that have the score, and how often each label was given. */
function itemScores(results: RunResultDto[]): RunScoreDto[] {
  const byName = new Map<string, { values: number[]; count: number; labels: Map<string, number> }>();
  for (const r of results) {
    for (const s of r.scores) {
      const agg = byName.get(s.name) ?? { values: [], count: 0, labels: new Map<string, number>() };
      agg.count++;
      if (s.value !== null) agg.values.push(s.value);
      if (s.label !== null) agg.labels.set(s.label, (agg.labels.get(s.label) ?? 0) + 1);
      byName.set(s.name, agg);
    }
  }
  return [...byName]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, a]) => ({ name, avg: mean(a.values), count: a.count, labels: [...a.labels].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([label, count]) => ({ label, count })) }));
}
