/**
 * GenAI evaluation results (`gen_ai.evaluation.result` events: an LLM judge's or a user's score
 * of an operation), read from a span event or a log record tied to the span they evaluate.
 */
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  GEN_AI_EVENT_EVALUATION_RESULT,
} from './attributes.js';
import type { SpanEventInput } from './types.js';

/** Who gave a score (a person annotating in the UI, a named judge): no GenAI convention names it yet. */
export const ATTR_WATCHLLM_EVALUATION_AUTHOR = 'watchllm.evaluation.author';
/** The id of a score given through WatchLLM's API, by which it can be withdrawn. */
export const ATTR_WATCHLLM_EVALUATION_ID = 'watchllm.evaluation.id';
/** The score config (a Langfuse score config's id) a score was checked against, when it named one. */
export const ATTR_WATCHLLM_EVALUATION_CONFIG_ID = 'watchllm.evaluation.config_id';
/**
 * A score's data type where its score and label cannot tell it (Langfuse's TEXT and CORRECTION scores, whose text is
 * the label); absent for the others.
 */
export const ATTR_WATCHLLM_EVALUATION_DATA_TYPE = 'watchllm.evaluation.data_type';
/** The data types `watchllm.evaluation.data_type` names. */
export const STORED_SCORE_DATA_TYPES = ['TEXT', 'CORRECTION'] as const;
export type StoredScoreDataType = (typeof STORED_SCORE_DATA_TYPES)[number];
/**
 * A score withdrawn (log records are append-only): this event, tied to the same span, names the id of the
 * `gen_ai.evaluation.result` it takes back; every read leaves both out.
 */
export const WATCHLLM_EVENT_EVALUATION_RETRACTED = 'watchllm.evaluation.retracted';

export interface Evaluation {
  /** What was evaluated, e.g. "relevance", "user_feedback". */
  name: string;
  score: number | null;
  label: string | null;
  explanation: string | null;
  /** Who gave it, when the sender said (`watchllm.evaluation.author`). */
  author: string | null;
  /** Set on scores given through WatchLLM's API: what `DELETE /api/v1/evaluations/{id}` takes. */
  id: string | null;
  /** Why the evaluation itself failed, when it did. */
  errorType: string | null;
  timeUnixNano: string;
  /** The score config it was checked against (`watchllm.evaluation.config_id`); absent when it named none. */
  configId?: string;
  /** TEXT or CORRECTION (`watchllm.evaluation.data_type`): the label is then free text; absent for other scores. */
  dataType?: StoredScoreDataType;
}

/** A stored data type, or undefined for anything else (other scores, a sender's own attribute). */
export function storedScoreDataType(v: unknown): StoredScoreDataType | undefined {
  return (STORED_SCORE_DATA_TYPES as readonly unknown[]).includes(v) ? (v as StoredScoreDataType) : undefined;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);

function number(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** The evaluation an event carries; null for other events and for one without a name (the convention requires it). */
export function evaluationOf(event: SpanEventInput): Evaluation | null {
  const a = event.attributes;
  const named = event.name === GEN_AI_EVENT_EVALUATION_RESULT || a['event.name'] === GEN_AI_EVENT_EVALUATION_RESULT;
  const name = text(a[ATTR_GEN_AI_EVALUATION_NAME]);
  if (!named || name === null) return null;
  const configId = text(a[ATTR_WATCHLLM_EVALUATION_CONFIG_ID]);
  const dataType = storedScoreDataType(a[ATTR_WATCHLLM_EVALUATION_DATA_TYPE]);
  return {
    name,
    score: number(a[ATTR_GEN_AI_EVALUATION_SCORE_VALUE]),
    label: text(a[ATTR_GEN_AI_EVALUATION_SCORE_LABEL]),
    explanation: text(a[ATTR_GEN_AI_EVALUATION_EXPLANATION]),
    author: text(a[ATTR_WATCHLLM_EVALUATION_AUTHOR]),
    id: text(a[ATTR_WATCHLLM_EVALUATION_ID]),
    errorType: text(a[ATTR_ERROR_TYPE]),
    timeUnixNano: event.timeUnixNano,
    ...(configId === null ? {} : { configId }),
    ...(dataType === undefined ? {} : { dataType }),
  };
}

/** A span's evaluations, in event order, withdrawn ones left out. */
export function evaluationsOf(events: SpanEventInput[]): Evaluation[] {
  return withoutRetracted(events).flatMap((e) => evaluationOf(e) ?? []);
}

/** The events without withdrawn scores and the events withdrawing them. */
export function withoutRetracted<E extends SpanEventInput>(events: E[]): E[] {
  let retracted: Set<unknown> | undefined;
  for (const e of events) if (e.name === WATCHLLM_EVENT_EVALUATION_RETRACTED) (retracted ??= new Set()).add(e.attributes[ATTR_WATCHLLM_EVALUATION_ID]);
  if (!retracted) return events;
  return events.filter((e) => e.name !== WATCHLLM_EVENT_EVALUATION_RETRACTED && !(e.attributes[ATTR_WATCHLLM_EVALUATION_ID] !== undefined && retracted!.has(e.attributes[ATTR_WATCHLLM_EVALUATION_ID])));
}
