/** A session's turns: each trace with the input that started it and the output that ended it. */
import { completeRecord } from './genai-content.js';
import type { SpanLog } from './reader/log-reader.js';
import type { StoredSpan } from './reader/trace-rows.js';

export interface TurnMessages {
  inputMessages: unknown[] | null;
  outputMessages: unknown[] | null;
}

/**
 * Per trace: the input messages of its earliest span that has any, and the output messages of
 * its last-ending span that has any (an agent's first LLM call and its final answer).
 */
export function turnMessages(spans: StoredSpan[], logs: SpanLog[] = []): Map<string, TurnMessages> {
  // Content some instrumentations send as log records tied to the span (the official OpenAI one does).
  const logsOf = new Map<string, SpanLog[]>();
  for (const l of logs) {
    const key = `${l.traceId}/${l.spanId}`;
    const list = logsOf.get(key);
    if (list) list.push(l);
    else logsOf.set(key, [l]);
  }
  const turns = new Map<string, TurnMessages & { inAt: bigint; outAt: bigint }>();
  for (const span of spans) {
    const record = completeRecord(span, logsOf.get(`${span.traceId}/${span.spanId}`));
    const input = record?.inputMessages ?? null;
    const output = record?.outputMessages ?? null;
    if (!input && !output) continue;
    let turn = turns.get(span.traceId);
    if (!turn) turns.set(span.traceId, (turn = { inputMessages: null, outputMessages: null, inAt: 0n, outAt: 0n }));
    const start = BigInt(span.startTimeUnixNano);
    const end = BigInt(span.endTimeUnixNano);
    if (input && (turn.inputMessages === null || start < turn.inAt)) Object.assign(turn, { inputMessages: input, inAt: start });
    if (output && (turn.outputMessages === null || end > turn.outAt)) Object.assign(turn, { outputMessages: output, outAt: end });
  }
  return new Map([...turns].map(([id, t]) => [id, { inputMessages: t.inputMessages, outputMessages: t.outputMessages }]));
}
