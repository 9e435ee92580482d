// Evaluation results (an LLM judge's score, a user's thumbs up) as the GenAI conventions carry them:
// a `gen_ai.evaluation.result` event, emitted as a log record tied to the span it scores. Scores
// usually come after the call ended, so the span can be given by its ids.
import { context, trace, TraceFlags, type Span, type SpanContext } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

export interface EvaluationResult {
  /** What was evaluated, e.g. "relevance", "user_feedback" (`gen_ai.evaluation.name`). */
  name: string;
  /** `gen_ai.evaluation.score.value`. */
  score?: number;
  /** `gen_ai.evaluation.score.label`, e.g. "relevant", "thumbs_down". */
  label?: string;
  /** `gen_ai.evaluation.explanation`: why the evaluator decided so. */
  explanation?: string;
  /** `error.type`: the evaluation itself failed. */
  errorType?: string;
  /** Who gave it — a reviewer, a named judge (`watchllm.evaluation.author`; no GenAI convention names it yet). */
  author?: string;
}

/** The scored span: a live span, its context, or the trace and span ids kept from it. */
export type EvaluatedSpan = Span | SpanContext | { traceId: string; spanId: string };

function spanContextOf(target: EvaluatedSpan): SpanContext {
  if ('spanContext' in target) return target.spanContext();
  return { traceFlags: TraceFlags.SAMPLED, ...target } as SpanContext;
}

/**
 * Records an evaluation result for `span` (default: the active span) through the global
 * LoggerProvider — `register()` sets one up exporting OTLP logs. Without a provider it is a no-op.
 */
export function recordEvaluation(result: EvaluationResult, span?: EvaluatedSpan): void {
  if (!result.name) throw new TypeError('recordEvaluation: an evaluation needs a name');
  const target = span ? spanContextOf(span) : trace.getActiveSpan()?.spanContext();
  const attributes: Record<string, string | number> = { 'gen_ai.evaluation.name': result.name };
  if (result.score !== undefined && Number.isFinite(result.score)) attributes['gen_ai.evaluation.score.value'] = result.score;
  if (result.label !== undefined) attributes['gen_ai.evaluation.score.label'] = result.label;
  if (result.explanation !== undefined) attributes['gen_ai.evaluation.explanation'] = result.explanation;
  if (result.errorType !== undefined) attributes['error.type'] = result.errorType;
  if (result.author !== undefined) attributes['watchllm.evaluation.author'] = result.author;
  logs.getLogger(PACKAGE_NAME, PACKAGE_VERSION).emit({
    eventName: 'gen_ai.evaluation.result',
    severityNumber: result.errorType ? SeverityNumber.WARN : SeverityNumber.INFO,
    attributes,
    context: target ? trace.setSpanContext(context.active(), target) : context.active(),
  });
}
