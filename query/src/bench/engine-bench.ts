import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createGenAiProcessor,
  encodeGenAiRequest,
  encodeTraceBlock,
  encodingFor,
  insertThreads,
  migrate,
  openStore,
  readTraces,
  type Store,
} from '@watchllm/collector';
import { cpuBetween, threadCpu } from './thread-cpu.js';
import { releaseScratchDir, scratchDir } from './scratch.js';

export interface EngineResult {
  rows: number;
  seconds: number;
  rowsPerSec: number;
  /** Engine CPU seconds in the timed inserts, and in the merges of their parts that ran after them. */
  insertCpuSeconds: number;
  mergeCpuSeconds: number;
}

const TRACES = encodingFor('otel_traces');

/** How the engine-only run inserts: rows per insert (and optionally bytes), engine threads, skip indexes. */
export interface EngineRunOptions {
  /** Rows per insert; the exporter's batch size (`max_items`) by default. */
  chunkRows?: number;
  /** Bytes per insert, as the drainer bounds a gathered insert (`spool.max_insert_bytes`). */
  chunkBytes?: number;
  /** Every core offered per insert (the ceiling) instead of the exporter's one engine thread (the embedded insert uses one either way). */
  allThreads?: boolean;
  /** Skip indexes built at insert instead of in merges. */
  skipIndexesOnInsert?: boolean;
  store?: Store;
}

/**
 * The same rows the pipeline writes (genai-enriched), encoded as the exporter does (Native
 * blocks, one per 500-span request, concatenated as its writev sends them), written as one file
 * per insert. Files are written as they fill, so a million rows never sit in memory at once.
 */
export function writePreEncodedChunks(dir: string, totalRows: number, chunkRows: number, chunkBytes = Infinity): string[] {
  const genai = createGenAiProcessor({ customPrices: [] });
  const files: string[] = [];
  let blocks: Uint8Array[] = [];
  let rows = 0;
  let bytes = 0;
  const flush = () => {
    const f = join(dir, `chunk-${files.length}.${TRACES.ext}`);
    writeFileSync(f, Buffer.concat(blocks));
    files.push(f);
    blocks = [];
    rows = 0;
    bytes = 0;
  };
  for (let done = 0, seed = 0; done < totalRows; seed++) {
    const batch = genai.processTraces(readTraces(encodeGenAiRequest(500, seed), 'protobuf', 'default'));
    // The last request of a chunk is cut to fit (one resource, one scope in these requests).
    const spans = batch.resourceSpans[0].scopeSpans[0].spans;
    spans.length = Math.min(spans.length, chunkRows - rows, totalRows - done);
    const block = encodeTraceBlock(batch);
    if (rows > 0 && bytes + block.length > chunkBytes) flush();
    blocks.push(block);
    rows += spans.length;
    bytes += block.length;
    done += spans.length;
    if (rows >= chunkRows || done >= totalRows) flush();
  }
  return files;
}

/**
 * The ceiling: the embedded engine inserting those rows from files on disk
 * (`INSERT … SELECT FROM file()`), one insert after another, with no Node work in the timed
 * part. The clock stops at the last insert's return; the merges of the parts go on after
 * it unless the run is long enough for them to share its time (the sustained run).
 */
export async function benchEngine(totalRows: number, options: EngineRunOptions = {}): Promise<EngineResult> {
  const dir = scratchDir('watchllm-engine-');
  const s = options.store ?? openStore({ kind: 'embedded', dataDir: join(dir, 'data'), database: 'watchllm' });
  await migrate(s);
  const files = writePreEncodedChunks(dir, totalRows, options.chunkRows ?? 20000, options.chunkBytes);
  const insert = (f: string) =>
    s.client.command({
      query: `INSERT INTO ${s.table('otel_traces')} SELECT * FROM file({f:String}, {format:String})`,
      query_params: { f, format: TRACES.format },
      // As the exporter inserts by default: one thread (embedded), skip indexes built when parts merge.
      clickhouse_settings: {
        input_format_skip_unknown_fields: 1,
        max_threads: options.allThreads ? 0 : insertThreads(s),
        materialize_skip_indexes_on_insert: options.skipIndexesOnInsert ? 1 : 0,
      },
    });
  // Untimed, like the end-to-end runs' warm-up: the first insert pays one-off start-up costs.
  await insert(files[0]);
  const cpuBefore = threadCpu(process.pid);
  const start = performance.now();
  for (const f of files) await insert(f);
  const seconds = (performance.now() - start) / 1000;
  const cpuInserted = threadCpu(process.pid);
  await mergesSettled(s);
  const cpuMerged = threadCpu(process.pid);
  if (!options.store) await s.close();
  releaseScratchDir(dir);
  return {
    rows: totalRows,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSec: Math.round(totalRows / seconds),
    insertCpuSeconds: cpuBetween(cpuBefore, cpuInserted).engineQueries,
    mergeCpuSeconds: Number((cpuBetween(cpuBefore, cpuInserted).engineMerges + cpuBetween(cpuInserted, cpuMerged).engineMerges).toFixed(2)),
  };
}

/** Waits until no merge has run for two seconds (merges start a moment after the parts they take), at most `maxMs`. */
export async function mergesSettled(s: Store, maxMs = 30_000): Promise<void> {
  let idleSince = performance.now();
  for (const deadline = performance.now() + maxMs; performance.now() < deadline; ) {
    const rs = await s.client.query({ query: 'SELECT count() AS n FROM system.merges', format: 'JSONEachRow' });
    const [{ n }] = await rs.json<{ n: string | number }>();
    if (Number(n) > 0) idleSince = performance.now();
    else if (performance.now() - idleSince > 2000) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
