import type { ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink, TracesBatch } from '../model/types.js';
import { readKeyValues } from './any-value.js';
import { boundedInt, childTimesProblem, timestampProblem } from './envelope.js';
import type { LeafReader } from './leaf-readers.js';

const TRACE_ID_HEX = 32;
const SPAN_ID_HEX = 16;
/** All-zero ids of the right length (compared as strings: a /^0+$/ test per id cost more). */
const ZERO_TRACE_ID = '0'.repeat(TRACE_ID_HEX);
const ZERO_SPAN_ID = '0'.repeat(SPAN_ID_HEX);
const MAX_REASONS = 5;

/** Walks an ExportTraceServiceRequest (protobuf-decoded or JSON) into the internal model. */
export function readTracesRequest(msg: unknown, r: LeafReader, projectId: string): TracesBatch {
  const root = r.obj(msg, 'body') ?? {};
  const batch: TracesBatch = { projectId, resourceSpans: [], rejectedSpans: 0, rejectionReasons: [] };
  const rsList = r.list(root.resourceSpans, 'resourceSpans');
  for (let i = 0; i < rsList.length; i++) {
    const path = `resourceSpans[${i}]`;
    const rs = r.obj(rsList[i], path) ?? {};
    const resource = r.obj(rs.resource, `${path}.resource`);
    const out: ResourceSpans = {
      resource: readKeyValues(resource?.attributes, r, `${path}.resource.attributes`),
      scopeSpans: [],
    };
    const ssList = r.list(rs.scopeSpans, `${path}.scopeSpans`);
    for (let j = 0; j < ssList.length; j++) {
      out.scopeSpans.push(readScopeSpans(ssList[j], r, `${path}.scopeSpans[${j}]`, batch));
    }
    batch.resourceSpans.push(out);
  }
  return batch;
}

function readScopeSpans(raw: unknown, r: LeafReader, path: string, batch: TracesBatch): ScopeSpans {
  const ss = r.obj(raw, path) ?? {};
  const scope = r.obj(ss.scope, `${path}.scope`);
  const out: ScopeSpans = {
    scope: {
      name: r.str(scope?.name, `${path}.scope.name`),
      version: r.str(scope?.version, `${path}.scope.version`),
      attributes: readKeyValues(scope?.attributes, r, `${path}.scope.attributes`),
    },
    spans: [],
  };
  const spans = r.list(ss.spans, `${path}.spans`);
  for (let k = 0; k < spans.length; k++) {
    const spanPath = `${path}.spans[${k}]`;
    acceptSpan(out, batch, readSpan(spans[k], r, spanPath), spanPath);
  }
  return out;
}

/** Keeps a decoded span, or counts it as rejected (with the reason) when its ids are unusable. */
export function acceptSpan(out: ScopeSpans, batch: TracesBatch, span: Span, path: string): void {
  const problem = idProblem(span) ?? spanTimeProblem(span);
  if (problem === undefined) {
    out.spans.push(span);
  } else {
    batch.rejectedSpans++;
    if (batch.rejectionReasons.length < MAX_REASONS) batch.rejectionReasons.push(`${path}: ${problem}`);
  }
}

/** All-zero parent means "no parent" for some senders. */
export function normalizeParentSpanId(hex: string): string {
  return hex === ZERO_SPAN_ID ? '' : hex;
}

function spanTimeProblem(span: Span): string | undefined {
  return (
    timestampProblem('startTimeUnixNano', span.startTimeUnixNano) ??
    timestampProblem('endTimeUnixNano', span.endTimeUnixNano) ??
    childTimesProblem(span.events, 'events')
  );
}

function idProblem(span: Span): string | undefined {
  if (span.traceId.length !== TRACE_ID_HEX || span.traceId === ZERO_TRACE_ID) return `traceId must be 16 non-zero bytes (got "${span.traceId}")`;
  if (span.spanId.length !== SPAN_ID_HEX || span.spanId === ZERO_SPAN_ID) return `spanId must be 8 non-zero bytes (got "${span.spanId}")`;
  if (span.parentSpanId !== '' && span.parentSpanId.length !== SPAN_ID_HEX) return `parentSpanId must be empty or 8 bytes (got "${span.parentSpanId}")`;
  return undefined;
}

function readSpan(raw: unknown, r: LeafReader, path: string): Span {
  const s = r.obj(raw, path) ?? {};
  const status = r.obj(s.status, `${path}.status`);
  return {
    traceId: r.id(s.traceId, `${path}.traceId`),
    spanId: r.id(s.spanId, `${path}.spanId`),
    parentSpanId: normalizeParentSpanId(r.id(s.parentSpanId, `${path}.parentSpanId`)),
    traceState: r.str(s.traceState, `${path}.traceState`),
    name: r.str(s.name, `${path}.name`),
    kind: boundedInt(r.num(s.kind, `${path}.kind`), 5),
    startTimeUnixNano: r.u64(s.startTimeUnixNano, `${path}.startTimeUnixNano`),
    endTimeUnixNano: r.u64(s.endTimeUnixNano, `${path}.endTimeUnixNano`),
    attributes: readKeyValues(s.attributes, r, `${path}.attributes`),
    events: r.list(s.events, `${path}.events`).map((e, i) => readEvent(e, r, `${path}.events[${i}]`)),
    links: r.list(s.links, `${path}.links`).map((l, i) => readLink(l, r, `${path}.links[${i}]`)),
    statusCode: boundedInt(r.num(status?.code, `${path}.status.code`), 2),
    statusMessage: r.str(status?.message, `${path}.status.message`),
  };
}

function readEvent(raw: unknown, r: LeafReader, path: string): SpanEvent {
  const e = r.obj(raw, path) ?? {};
  return {
    timeUnixNano: r.u64(e.timeUnixNano, `${path}.timeUnixNano`),
    name: r.str(e.name, `${path}.name`),
    attributes: readKeyValues(e.attributes, r, `${path}.attributes`),
  };
}

function readLink(raw: unknown, r: LeafReader, path: string): SpanLink {
  const l = r.obj(raw, path) ?? {};
  return {
    traceId: r.id(l.traceId, `${path}.traceId`),
    spanId: r.id(l.spanId, `${path}.spanId`),
    traceState: r.str(l.traceState, `${path}.traceState`),
    attributes: readKeyValues(l.attributes, r, `${path}.attributes`),
  };
}
