import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeGenAiRequest } from '../src/bench/genai-request.js';
import { decodeTracesProtobuf } from '../src/otlp/traces-wire.js';
import { encodeTraceBlock } from '../src/storage/trace-block.js';

/** Files as a spooled group holds them: one Native block of `spans[i]` GenAI spans per file. */
export function writeTraceGroup(dir: string, spans: number[]): string[] {
  return spans.map((n, i) => {
    const f = join(dir, `00000000000${i + 1}-00000000000${i + 1}-otel_traces-t${n}.native`);
    writeFileSync(f, encodeTraceBlock(decodeTracesProtobuf(encodeGenAiRequest(n, i), 'p')));
    return f;
  });
}

/** Two JSON-lines files of otel_logs rows (2 + 1 rows), neither ending in a newline: a reader must put one between them. */
export function writeLogGroup(dir: string): string[] {
  const line = (i: number) => JSON.stringify({ Timestamp: '2026-12-04 10:00:00', TraceId: `t${i}`, SpanId: `s${i}`, Body: `log ${i}` });
  const files = [join(dir, 'a.jsonl'), join(dir, 'b.jsonl')];
  writeFileSync(files[0], `${line(1)}\n${line(2)}`);
  writeFileSync(files[1], line(3));
  return files;
}
