import type { LogsBatch, LogsConsumer } from '../model/logs.js';
import { Batcher, type BatcherOptions } from '../pipeline/batcher.js';
import type { Store } from './client.js';
import { insertRows } from './insert-rows.js';
import { logRows, type LogRow } from './log-rows.js';
import { LOGS_METRICS_TABLES } from './migrations/002-logs-metrics.js';
import { DEFAULT_BATCH } from './trace-writer.js';

export interface LogWriter extends LogsConsumer {
  flush(): Promise<void>;
  readonly queueDepth: number;
}

/** Inserts rows into otel_logs; `dedupToken` makes a replayed insert a no-op. */
export function insertLogRows(store: Store, rows: LogRow[], dedupToken?: string): Promise<void> {
  return insertRows(store, LOGS_METRICS_TABLES.logs, rows, dedupToken);
}

/** Batches log records from many requests into one insert; each request resolves after its rows are written. */
export function createLogWriter(store: Store, options: BatcherOptions = DEFAULT_BATCH): LogWriter {
  const batcher = new Batcher<LogRow>(options, (rows) => insertLogRows(store, rows));
  return {
    consumeLogs: (batch: LogsBatch) => batcher.add(logRows(batch)),
    flush: () => batcher.flush(),
    get queueDepth() {
      return batcher.depth;
    },
  };
}
