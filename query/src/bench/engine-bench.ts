import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

export interface EngineResult {
  rows: number;
  seconds: number;
  rowsPerSec: number;
  /** Engine CPU seconds in the timed inserts, and in the merges of their parts that ran after them. */
  insertCpuSeconds: number;
  mergeCpuSeconds: number;
}

const TRACES = encodingFor('otel_traces');

/** The same rows the pipeline writes (genai-enriched), encoded as the exporter does (Native blocks), in chunks of `chunkRows`. */
export function preEncodedChunks(totalRows: number, chunkRows: number): Uint8Array[] {
  const genai = createGenAiProcessor({ customPrices: [] });
  const chunks: Uint8Array[] = [];
  for (let done = 0, seed = 0; done < totalRows; ) {
    const blocks: Uint8Array[] = [];
    for (let rows = 0; rows < chunkRows && done < totalRows; seed++) {
      const batch = genai.processTraces(readTraces(encodeGenAiRequest(500, seed), 'protobuf', 'default'));
      // The last request of a chunk is cut to fit (one resource, one scope in these requests).
      const spans = batch.resourceSpans[0].scopeSpans[0].spans;
      spans.length = Math.min(spans.length, chunkRows - rows, totalRows - done);
      blocks.push(encodeTraceBlock(batch));
      rows += spans.length;
      done += spans.length;
    }
    // The exporter writes a batch's blocks one after another (writev): the same bytes.
    chunks.push(Buffer.concat(blocks));
  }
  return chunks;
}

/**
 * The ceiling: the embedded engine inserting those rows from files on disk
 * (`INSERT … SELECT FROM file()`), with no Node work in the timed part. Chunks default
 * to the exporter's batch size (`max_items`), the insert size the pipeline aims for.
 */
export async function benchEngine(totalRows: number, chunkRows = 20000, store?: Store, options = { skipIndexesOnInsert: false, allThreads: false }): Promise<EngineResult> {
  const dir = mkdtempSync(join(tmpdir(), 'watchllm-engine-'));
  const s = store ?? openStore({ kind: 'embedded', dataDir: join(dir, 'data'), database: 'watchllm' });
  await migrate(s);
  const files = preEncodedChunks(totalRows, chunkRows).map((text, i) => {
    const f = join(dir, `chunk-${i}.${TRACES.ext}`);
    writeFileSync(f, text);
    return f;
  });
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
  if (!store) await s.close();
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
