import type { StoredSpan } from '../reader/trace-rows.js';
import { evaluationsOf, type Evaluation } from '@watchllm/semconv';
import { genAiDto, type GenAiDto } from './genai.js';

export interface SpanDto {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: string;
  serviceName: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  status: { code: 'UNSET' | 'OK' | 'ERROR'; message: string };
  attributes: Record<string, unknown>;
  resourceAttributes: Record<string, unknown>;
  events: { name: string; timeUnixNano: string; attributes: Record<string, unknown> }[];
  links: { traceId: string; spanId: string; traceState: string; attributes: Record<string, unknown> }[];
  scope: { name: string; version: string };
  depth: number;
  orphan?: true;
  genAi: GenAiDto | null;
  /** `gen_ai.evaluation.result` events on the span or log records tied to it: scores of this operation. */
  evaluations: Evaluation[];
}

/** Unix nanoseconds (decimal) as ISO 8601 with milliseconds. */
export function nanosToIso(nanos: string): string {
  return new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString();
}

export function nanosToMs(nanos: string): number {
  // Split to keep sub-millisecond precision without float overflow.
  const n = BigInt(nanos);
  return Number(n / 1_000_000n) + Number(n % 1_000_000n) / 1e6;
}

export function toSpanDto(s: StoredSpan, depth: number, orphan: boolean): SpanDto {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    kind: s.kind,
    serviceName: s.serviceName,
    startTimeUnixNano: s.startTimeUnixNano,
    endTimeUnixNano: s.endTimeUnixNano,
    durationMs: nanosToMs(s.durationNanos),
    status: { code: s.statusCode, message: s.statusMessage },
    attributes: s.attributes,
    resourceAttributes: s.resourceAttributes,
    events: s.events,
    links: s.links,
    scope: { name: s.scopeName, version: s.scopeVersion },
    depth,
    ...(orphan ? { orphan: true as const } : {}),
    genAi: genAiDto(s.row, s.genAiRecord),
    evaluations: evaluationsOf(s.events),
  };
}
