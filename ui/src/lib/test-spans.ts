// Span builder shared by unit tests (not bundled: only *.test.ts import it).
import type { GenAi, Span, StepType } from '../api/types.js';

const BASE_NS = 1_700_000_000_000n * 1_000_000n;

export function makeSpan(
  spanId: string,
  parentSpanId: string,
  startMs: number,
  endMs: number,
  depth: number,
  opts: { type?: StepType; error?: boolean; name?: string; genAi?: Partial<GenAi> } = {},
): Span {
  return {
    traceId: 't1',
    spanId,
    parentSpanId,
    name: opts.name ?? spanId,
    kind: 'INTERNAL',
    serviceName: 'svc',
    startTimeUnixNano: String(BASE_NS + BigInt(Math.round(startMs * 1e6))),
    endTimeUnixNano: String(BASE_NS + BigInt(Math.round(endMs * 1e6))),
    durationMs: endMs - startMs,
    status: { code: opts.error ? 'ERROR' : 'OK', message: '' },
    attributes: {},
    resourceAttributes: {},
    events: [],
    links: [],
    scope: { name: '', version: '' },
    depth,
    genAi: opts.type || opts.genAi ? ({ stepType: opts.type ?? 'other', ...opts.genAi } as GenAi) : null,
    evaluations: [],
  };
}
