import type { Store } from './storage/client.js';
import { createTraceWriter, DEFAULT_BATCH, type TraceWriter } from './storage/trace-writer.js';
import { tracesHandler } from './otlp/signals.js';
import { createOtlpHttpReceiver, type OtlpHttpReceiver } from './receivers/otlp-http.js';
import type { BatcherOptions } from './pipeline/batcher.js';

export interface CollectorOptions {
  host: string;
  otlpHttpPort: number;
  batch?: BatcherOptions;
}

export interface RunningCollector {
  httpPort: number;
  writer: TraceWriter;
  /** Stops receivers first, then flushes what they accepted. Idempotent. */
  shutdown(): Promise<void>;
}

const MiB = 1024 * 1024;

/** Receivers → writer, on an already migrated store. */
export async function startCollector(store: Store, options: CollectorOptions): Promise<RunningCollector> {
  const writer = createTraceWriter(store, options.batch ?? DEFAULT_BATCH);
  const http: OtlpHttpReceiver = createOtlpHttpReceiver([tracesHandler(writer)], {
    host: options.host,
    port: options.otlpHttpPort,
    maxRequestBytes: 32 * MiB,
    maxDecompressedBytes: 128 * MiB,
    authenticate: () => ({ projectId: 'default' }),
  });
  const { port } = await http.start();
  let stopping: Promise<void> | undefined;
  return {
    httpPort: port,
    writer,
    shutdown: () =>
      (stopping ??= (async () => {
        await http.shutdown();
        await writer.flush();
      })()),
  };
}
