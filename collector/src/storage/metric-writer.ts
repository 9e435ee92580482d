import type { MetricsBatch, MetricsConsumer } from '../model/metrics.js';
import { Batcher, type BatcherOptions } from '../pipeline/batcher.js';
import type { Store } from './client.js';
import { insertRows } from './insert-rows.js';
import { groupByTable, metricRows, type MetricRow } from './metric-rows.js';
import { DEFAULT_BATCH } from './trace-writer.js';

export interface MetricWriter extends MetricsConsumer {
  flush(): Promise<void>;
  readonly queueDepth: number;
}

/**
 * Inserts tagged rows, one insert per otel_metrics_* table. With `dedupToken`
 * each table's insert gets `<token>:<table>`, so a replay is a no-op per table.
 */
export async function insertMetricRows(store: Store, rows: MetricRow[], dedupToken?: string): Promise<void> {
  for (const { table, rows: tableRows } of groupByTable(rows)) {
    await insertRows(store, table, tableRows, dedupToken && `${dedupToken}:${table}`);
  }
}

/** Batches data points from many requests; each request resolves after its rows are written. */
export function createMetricWriter(store: Store, options: BatcherOptions = DEFAULT_BATCH): MetricWriter {
  const batcher = new Batcher<MetricRow>(options, (rows) => insertMetricRows(store, rows));
  return {
    consumeMetrics: (batch: MetricsBatch) => batcher.add(metricRows(batch)),
    flush: () => batcher.flush(),
    get queueDepth() {
      return batcher.depth;
    },
  };
}
