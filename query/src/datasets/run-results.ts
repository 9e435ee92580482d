/**
 * What a run's linked traces made of its items (output, latency, cost, tokens, error, scores), read
 * for many traces at once: their summaries from the trace summary rollup, the root spans and the
 * linked observations' spans, and their evaluation results.
 */
import { ROLLUP_TABLES, TABLES, type Store } from '@watchllm/collector';
import { toSpanDto, type SpanDto } from '../dto/span.js';
import type { RunResultDto } from '../dto/dataset.js';
import { withGenAiContent } from '../genai-content.js';
import { otlpObservationId, otlpTraceId } from '../langfuse/legacy-spans.js';
import { toLangfuseObservation, traceOutput } from '../langfuse/views.js';
import type { EvaluationReader } from '../reader/evaluation-reader.js';
import { lookupRange } from '../reader/genai-spans.js';
import type { LogReader } from '../reader/log-reader.js';
import { readRows } from '../reader/query.js';
import { SPAN_COLUMNS, toStoredSpan, type SpanRecordRow } from '../reader/trace-rows.js';
import { toTraceSummary, TRACE_SUMMARY_SELECT, type TraceSummary, type TraceSummaryRow } from '../reader/trace-summary.js';

/** A trace (and observation) a run item is linked to, with ids as the SDK gave them. */
export interface TraceLink {
  traceId: string;
  observationId: string | null;
}

/** Content log records joined when outputs are read (messages some instrumentations send apart from their spans). */
const MAX_LOGS = 20_000;

export class RunResultReader {
  constructor(
    private readonly store: Store,
    private readonly logs: LogReader,
    private readonly evaluations: EvaluationReader,
  ) {}

  /**
   * Each link's result, keyed by `resultKey(link)`; a link whose trace is not (yet) stored has none.
   * `outputs`: read what the traces put out too (it costs their content log records).
   */
  async results(projectId: string, links: TraceLink[], outputs: boolean): Promise<Map<string, RunResultDto>> {
    const out = new Map<string, RunResultDto>();
    const resolved = links.map((l) => ({ link: l, traceId: otlpTraceId(l.traceId), spanId: l.observationId === null ? null : otlpObservationId(l.observationId) }));
    const traceIds = [...new Set(resolved.map((r) => r.traceId))];
    if (traceIds.length === 0) return out;
    const summaries = await this.summaries(projectId, traceIds);
    if (summaries.size === 0) return out;
    const found = [...summaries.keys()];
    const firstStartMs = Math.min(...[...summaries.values()].map((s) => Number(BigInt(s.startTimeUnixNano) / 1_000_000n)));
    const [spans, scores] = await Promise.all([
      this.spans(projectId, found, resolved.flatMap((r) => (r.spanId ? [r.spanId] : [])), outputs),
      this.evaluations.byTrace(projectId, firstStartMs, found),
    ]);
    for (const { link, traceId, spanId } of resolved) {
      const summary = summaries.get(traceId);
      if (!summary) continue;
      const root = spans.find((s) => s.traceId === traceId && s.parentSpanId === '');
      const linked = spanId === null ? undefined : spans.find((s) => s.traceId === traceId && s.spanId === spanId);
      // An observation below the root answers for itself; the root (what Langfuse's experiments link) for the trace.
      const own = linked && linked.parentSpanId !== '' ? toLangfuseObservation(linked) : undefined;
      out.set(resultKey(link), {
        traceId,
        observationId: spanId,
        output: !outputs ? null : (linked ? toLangfuseObservation(linked).output : root ? traceOutput(root) : null) ?? null,
        latencyMs: linked ? linked.durationMs : Number(BigInt(summary.durationNanos)) / 1e6,
        costUsd: own ? own.totalCost : summary.costUsd,
        totalTokens: own ? (own.usage.total > 0 ? own.usage.total : null) : summary.inputTokens + summary.outputTokens > 0 ? summary.inputTokens + summary.outputTokens : null,
        error: summary.errorCount > 0,
        scores: (scores.get(traceId) ?? []).map((s) => ({ name: s.name, value: s.avgScore, label: s.label })),
      });
    }
    return out;
  }

  private async summaries(projectId: string, traceIds: string[]): Promise<Map<string, TraceSummary>> {
    const rows = await readRows<TraceSummaryRow>(
      this.store,
      `SELECT ${TRACE_SUMMARY_SELECT} FROM ${this.store.table(ROLLUP_TABLES.traceSummary)}
        WHERE ProjectId = {projectId:String} AND TraceId IN {ids:Array(String)} GROUP BY TraceId`,
      { projectId, ids: traceIds },
    );
    return new Map(rows.map((r) => [r.TraceId, toTraceSummary(r)]));
  }

  /** The traces' root spans and the linked ones, with their GenAI content completed (from log records too when `withLogs`). */
  private async spans(projectId: string, traceIds: string[], spanIds: string[], withLogs: boolean): Promise<SpanDto[]> {
    const range = await lookupRange(this.store, projectId, traceIds);
    if (!range) return [];
    const rows = await readRows<SpanRecordRow>(
      this.store,
      `SELECT ${SPAN_COLUMNS} FROM ${this.store.table(TABLES.traces)}
        WHERE ProjectId = {projectId:String} AND TraceId IN {ids:Array(String)}
          AND Timestamp BETWEEN fromUnixTimestamp64Nano({startNs:Int64}) AND fromUnixTimestamp64Nano({endNs:Int64})
          AND (ParentSpanId = '' OR SpanId IN {spanIds:Array(String)})
        ORDER BY Timestamp
        LIMIT 1 BY TraceId, SpanId`,
      { projectId, ids: traceIds, spanIds, ...range },
    );
    const logs = withLogs ? await this.logs.spanLogsOfTraces(projectId, traceIds, MAX_LOGS) : [];
    return withGenAiContent(rows.map(toStoredSpan), logs).map((s) => toSpanDto(s, 0, false));
  }
}

/** How `results` keys a link's result. */
export const resultKey = (l: TraceLink) => `${l.traceId}\u0000${l.observationId ?? ''}`;
