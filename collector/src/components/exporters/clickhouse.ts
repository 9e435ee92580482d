import { join } from 'node:path';
import { countSpans, type TracesBatch } from '../../model/types.js';
import { bytes, durationMs, positiveInt, type Problems } from '../../config/validate.js';
import { Spool } from '../../spool/spool.js';
import { DEFAULT_GATHER_MS, DEFAULT_MAX_INSERT_BYTES, DurableWriter, type DurableWriterOptions } from '../../storage/durable-writer.js';
import type { Store } from '../../storage/client.js';
import { assertInsertableDirs, clearInsertScratch, DEFAULT_INSERT_OPTIONS, insertEncoded, probeInsertSettings, type InsertOptions } from '../../storage/insert-batch.js';
import { encodingFor, jsonRows, type EncodedRows } from '../../storage/row-encoding.js';
import { TABLES } from '../../storage/schema.js';
import { applyRetention, type Retention } from '../../storage/retention.js';
import { toVoid } from '../../pipeline/settle.js';
import { BufferPool } from '../../storage/buffer-pool.js';
import { encodeTraceBlock } from '../../storage/trace-block.js';
import { logTableRows } from '../../storage/log-rows.js';
import { mediaBodies } from '../../storage/media-rows.js';
import { metricTableRows } from '../../storage/metric-rows.js';
import type { LogsBatch } from '../../model/logs.js';
import type { MetricsBatch } from '../../model/metrics.js';
import type { ComponentSettings, Consume, Consumers, ExporterFactory, Signal } from '../types.js';

export interface ClickHouseExporterConfig {
  batch: { max_items: number; max_delay: string | number };
  insert_timeout: string | number;
  /** false (default): skip indexes of new parts are built when they merge (see InsertOptions). */
  materialize_skip_indexes_on_insert: boolean;
  /**
   * `max_insert_bytes` / `gather`: how big, and at most how long after the last one began, the drainer
   * lets a backlog of spooled batches grow into one insert under heavy traffic (see DurableWriter.gather).
   */
  spool: { enabled: boolean; dir: string; max_bytes: string | number; max_insert_bytes: string | number; gather: string | number };
  /** How long raw spans, log records and metric points are kept (the contrib exporter's `ttl`); 0 keeps them. */
  ttl: string | number;
  /** How long the usage rollups (cost, tokens, latency per minute and hour) are kept; 0 keeps them. */
  rollup_ttl: string | number;
}

/** One batch of a signal as insert bodies, one per destination table (in that table's encoding). */
export type BatchEncoder = (batch: unknown, blocks?: BufferPool) => EncodedRows[];

const jsonBodies = (tables: { table: string; rows: Record<string, unknown>[] }[]): EncodedRows[] => tables.map(({ table, rows }) => jsonRows(table, rows));

/**
 * How each signal's batch becomes bodies of which tables: spans as Native blocks, the lighter
 * signals as JSON lines; files the media processor took out ride along (written, or spooled, with
 * the batch, so an acknowledged reference never points at a lost file).
 */
export const BATCH_ENCODERS: Record<Signal, BatchEncoder> = {
  traces: (batch, blocks) => {
    const body = encodeTraceBlock(batch as TracesBatch, blocks && ((bytes) => blocks.take(bytes)));
    return [{ table: TABLES.traces, body, rows: countSpans(batch as TracesBatch), release: blocks && (() => blocks.give(body)) }, ...mediaBodies(batch as TracesBatch)];
  },
  logs: (batch) => [...jsonBodies(logTableRows(batch as LogsBatch)), ...mediaBodies(batch as LogsBatch)],
  metrics: (batch) => jsonBodies(metricTableRows(batch as MetricsBatch)),
};

export const clickhouseExporter: ExporterFactory<ClickHouseExporterConfig> = {
  kind: 'exporter',
  type: 'clickhouse',
  signals: ['traces', 'logs', 'metrics'],
  createDefaultConfig: () => ({
    batch: { max_items: 20000, max_delay: '200ms' },
    insert_timeout: '30s',
    materialize_skip_indexes_on_insert: false,
    // The writer's own defaults, written as a config would say them.
    spool: { enabled: true, dir: '', max_bytes: '1GiB', max_insert_bytes: `${DEFAULT_MAX_INSERT_BYTES / 2 ** 20}MiB`, gather: `${DEFAULT_GATHER_MS / 1000}s` },
    ttl: 0,
    rollup_ttl: 0,
  }),
  validate(c, path, problems: Problems) {
    positiveInt(c.batch.max_items, `${path}.batch.max_items`, problems);
    durationMs(c.batch.max_delay, `${path}.batch.max_delay`, problems);
    durationMs(c.insert_timeout, `${path}.insert_timeout`, problems);
    bytes(c.spool.max_bytes, `${path}.spool.max_bytes`, problems);
    bytes(c.spool.max_insert_bytes, `${path}.spool.max_insert_bytes`, problems);
    durationMs(c.spool.gather, `${path}.spool.gather`, problems);
    for (const key of ['ttl', 'rollup_ttl'] as const) {
      const ms = durationMs(c[key], `${path}.${key}`, problems);
      if (ms > 0 && ms < 3_600_000) problems.push(`${path}.${key}: at least 1h (or 0 to keep data), got "${c[key]}"`);
    }
    if (typeof c.materialize_skip_indexes_on_insert !== 'boolean') problems.push(`${path}.materialize_skip_indexes_on_insert: expected true or false`);
  },
  create(settings: ComponentSettings, c) {
    const ignore: Problems = [];
    const spool = c.spool.enabled ? new Spool(c.spool.dir || join(settings.dataDir, 'spool'), bytes(c.spool.max_bytes, '', ignore)) : undefined;
    const insertOptions: InsertOptions = { skipIndexesOnInsert: c.materialize_skip_indexes_on_insert };
    const writer = createStoreWriter(
      settings.store,
      {
        batch: { maxBatchSize: c.batch.max_items, maxDelayMs: durationMs(c.batch.max_delay, '', ignore) },
        insertTimeoutMs: durationMs(c.insert_timeout, '', ignore),
        spool,
        maxInsertBytes: bytes(c.spool.max_insert_bytes, '', ignore),
        gatherMs: durationMs(c.spool.gather, '', ignore),
        signal: 'all',
        trafficStopped: settings.trafficStopped,
        telemetry: settings.telemetry,
        log: (m) => console.warn(`clickhouse exporter: ${m}`),
      },
      insertOptions,
    );
    const retention: Retention = { rawSeconds: durationMs(c.ttl, '', ignore) / 1000, rollupSeconds: durationMs(c.rollup_ttl, '', ignore) / 1000 };
    return {
      ...writer,
      spool,
      async start() {
        await probeInsertSettings(settings.store);
        let changes: string[];
        try {
          changes = await applyRetention(settings.store, retention);
        } catch (err) {
          // Asked for retention and cannot set it: say so and stop. Not asked: reading table TTLs is no reason not to start.
          if (retention.rawSeconds > 0 || retention.rollupSeconds > 0) throw new Error(`clickhouse exporter: could not apply ttl / rollup_ttl: ${(err as Error).message}`);
          console.warn(`clickhouse exporter: could not check the tables' TTLs: ${(err as Error).message}`);
          return;
        }
        for (const change of changes) console.warn(`clickhouse exporter: retention: ${change}`);
      },
    };
  },
};

/**
 * A consumer that encodes each batch at once and waits for its writes with the encoded bytes
 * only, so the decoded batch dies young instead of waiting for its insert. Nothing made in this
 * function's scope outlives the call (see settle.ts): a `.then` callback made here kept every
 * in-flight batch alive until its write was acknowledged (~18 MB surviving each scavenge).
 */
export function encodingConsumer(encode: BatchEncoder, blocks: BufferPool | undefined, write: (encoded: EncodedRows) => Promise<void>): Consume {
  return (batch) => {
    const writes: Promise<void>[] = [];
    try {
      for (const encoded of encode(batch, blocks)) writes.push(write(encoded));
    } catch (err) {
      return Promise.reject(err);
    }
    return Promise.all(writes).then(toVoid);
  };
}


/** Every signal's consumer over one durable writer: rows per table, batched, spooled on failure. */
export function createStoreWriter(store: Store, options: DurableWriterOptions, insertOptions: InsertOptions = DEFAULT_INSERT_OPTIONS) {
  assertInsertableDirs(store, options.spool?.dir);
  clearInsertScratch(store);
  const writer = new DurableWriter((table, source, token) => insertEncoded(store, table, source, token, insertOptions), options, encodingFor);
  // Blocks for the embedded store are reused once delivered (the writer releases them after every
  // insert tried with them has settled). A server's inserts stream them over HTTP: left unpooled.
  const blocks = store.config.kind === 'embedded' ? new BufferPool() : undefined;
  const consumers: Required<Consumers> = {} as Required<Consumers>;
  for (const [signal, encode] of Object.entries(BATCH_ENCODERS) as [Signal, BatchEncoder][]) {
    consumers[signal] = encodingConsumer(encode, blocks, (encoded) => writer.write(encoded));
  }
  return {
    consumers,
    writeEncoded: (encoded: EncodedRows) => writer.write(encoded),
    queueDepth: () => writer.queueDepth,
    readBarrier: () => writer.readBarrier(),
    flush: () => writer.flush(),
    shutdown: () => writer.shutdown(),
  };
}
