import type { TracesBatch } from '../model/types.js';
import { Batcher, type BatcherOptions } from '../pipeline/batcher.js';
import type { TracesConsumer } from '../pipeline/consumer.js';
import type { Store } from './client.js';
import { TABLES } from './schema.js';
import { traceRows, type TraceRow } from './trace-rows.js';

export interface TraceWriter extends TracesConsumer {
  flush(): Promise<void>;
  readonly queueDepth: number;
}

export const DEFAULT_BATCH: BatcherOptions = { maxBatchSize: 5000, maxDelayMs: 200 };

/** Inserts rows into otel_traces; `dedupToken` makes a replayed insert a no-op. */
export async function insertTraceRows(store: Store, rows: TraceRow[], dedupToken?: string): Promise<void> {
  if (rows.length === 0) return;
  await store.client.insert({
    table: store.table(TABLES.traces),
    values: rows,
    format: 'JSONEachRow',
    clickhouse_settings: dedupToken
      ? { insert_deduplication_token: dedupToken, deduplicate_blocks_in_dependent_materialized_views: 1 }
      : undefined,
  });
}

/** Batches spans from many requests into one insert; each request resolves after its rows are written. */
export function createTraceWriter(store: Store, options: BatcherOptions = DEFAULT_BATCH): TraceWriter {
  const batcher = new Batcher<TraceRow>(options, (rows) => insertTraceRows(store, rows));
  return {
    consumeTraces: (batch: TracesBatch) => batcher.add(traceRows(batch)),
    flush: () => batcher.flush(),
    get queueDepth() {
      return batcher.depth;
    },
  };
}
