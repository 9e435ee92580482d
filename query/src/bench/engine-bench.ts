import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createGenAiProcessor,
  decodeMessage,
  encodeGenAiRequest,
  encodeJsonLines,
  ExportTraceServiceRequest,
  migrate,
  openStore,
  readTracesRequest,
  traceRows,
  type Store,
} from '@watchllm/collector';

export interface EngineResult {
  rows: number;
  seconds: number;
  rowsPerSec: number;
}

/** The same rows the pipeline writes (genai-enriched), as JSONEachRow chunks of `chunkRows`. */
export function preEncodedChunks(totalRows: number, chunkRows: number): string[] {
  const genai = createGenAiProcessor({ customPrices: [] });
  const chunks: string[] = [];
  for (let done = 0, seed = 0; done < totalRows; seed++) {
    const rows = [];
    while (rows.length < chunkRows && done < totalRows) {
      const { message, reader } = decodeMessage(encodeGenAiRequest(500, seed++), 'protobuf', ExportTraceServiceRequest);
      const batch = genai.processTraces(readTracesRequest(message, reader, 'default'));
      for (const r of traceRows(batch)) {
        if (rows.length < chunkRows && done < totalRows) {
          rows.push(r);
          done++;
        }
      }
    }
    chunks.push(encodeJsonLines(rows));
  }
  return chunks;
}

/**
 * The ceiling: the embedded engine inserting those rows from files on disk
 * (`INSERT … SELECT FROM file()`), with no Node work in the timed part.
 */
export async function benchEngine(totalRows: number, chunkRows = 5000, store?: Store): Promise<EngineResult> {
  const dir = mkdtempSync(join(tmpdir(), 'watchllm-engine-'));
  const s = store ?? openStore({ kind: 'embedded', dataDir: join(dir, 'data'), database: 'watchllm' });
  await migrate(s);
  const files = preEncodedChunks(totalRows, chunkRows).map((text, i) => {
    const f = join(dir, `chunk-${i}.jsonl`);
    writeFileSync(f, text);
    return f;
  });
  const start = performance.now();
  for (const f of files) {
    await s.client.command({
      query: `INSERT INTO ${s.table('otel_traces')} SELECT * FROM file({f:String}, 'JSONEachRow')`,
      query_params: { f },
      clickhouse_settings: { input_format_skip_unknown_fields: 1 },
    });
  }
  const seconds = (performance.now() - start) / 1000;
  if (!store) await s.close();
  return { rows: totalRows, seconds: Number(seconds.toFixed(2)), rowsPerSec: Math.round(totalRows / seconds) };
}
