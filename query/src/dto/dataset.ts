/**
 * Datasets and experiment runs as WatchLLM's own API (`/api/v1/datasets`) answers them to the UI.
 * Langfuse's public API (`/api/public/v2/datasets`, `/dataset-items`, `/dataset-run-items`) reads and
 * writes the same store in Langfuse's shapes.
 */

/** A dataset in the list. */
export interface DatasetSummaryDto {
  name: string;
  description: string | null;
  metadata: unknown;
  /** Active items (archived ones are not counted). */
  items: number;
  runs: number;
  /** When the newest run was created (ISO), null without runs. */
  lastRunAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DatasetListDto {
  datasets: DatasetSummaryDto[];
}

export interface DatasetItemDto {
  id: string;
  status: 'ACTIVE' | 'ARCHIVED';
  input: unknown;
  expectedOutput: unknown;
  metadata: unknown;
  sourceTraceId: string | null;
  sourceObservationId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A score's mean over a run's items (item-level scores), or the run's own score (count 1). */
export interface RunScoreDto {
  name: string;
  avg: number | null;
  count: number;
  /** How often each label was given (categorical and boolean scores), the most frequent first. */
  labels: { label: string; count: number }[];
}

/** An experiment run over a dataset, summed over the traces its items are linked to. */
export interface DatasetRunSummaryDto {
  name: string;
  description: string | null;
  metadata: unknown;
  createdAt: string;
  /** Items linked to a trace in this run. */
  items: number;
  avgLatencyMs: number | null;
  totalCostUsd: number | null;
  /** Item-level scores averaged, then the run-level scores (Langfuse's run evaluators). */
  scores: RunScoreDto[];
}

export interface DatasetDetailDto {
  dataset: { name: string; description: string | null; metadata: unknown; createdAt: string; updatedAt: string };
  items: DatasetItemDto[];
  /** Newest first. */
  runs: DatasetRunSummaryDto[];
}

/** What one run made of one item: the linked trace (or observation) and how it did. */
export interface RunResultDto {
  traceId: string;
  observationId: string | null;
  /** The linked observation's output, else the trace root's; null when none was recorded. */
  output: unknown;
  latencyMs: number | null;
  costUsd: number | null;
  totalTokens: number | null;
  /** The linked trace has a span with an error status. */
  error: boolean;
  scores: { name: string; value: number | null; label: string | null }[];
}

export interface CompareRowDto {
  itemId: string;
  input: unknown;
  expectedOutput: unknown;
  /** Per run name (as asked); null when that run has no result for the item. */
  results: Record<string, RunResultDto | null>;
}

/** `GET /api/v1/datasets/{name}/compare?run=a&run=b`: the dataset's items side by side across runs. */
export interface DatasetCompareDto {
  runs: DatasetRunSummaryDto[];
  items: CompareRowDto[];
}
