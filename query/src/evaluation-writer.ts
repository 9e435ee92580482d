import { createHash, randomBytes } from 'node:crypto';
import { insertRows, logTableRows, type AttrValue, type LogsBatch, type Store, type TypedAttributes, type ValueTypes } from '@watchllm/collector';
import {
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_WATCHLLM_EVALUATION_AUTHOR,
  ATTR_WATCHLLM_EVALUATION_CONFIG_ID,
  ATTR_WATCHLLM_EVALUATION_DATA_TYPE,
  ATTR_WATCHLLM_EVALUATION_ID,
  GEN_AI_EVENT_EVALUATION_RESULT,
  STORED_SCORE_DATA_TYPES,
  storedScoreDataType,
  WATCHLLM_EVENT_EVALUATION_RETRACTED,
  type StoredScoreDataType,
} from '@watchllm/semconv';
import { normalizeTraceId } from './reader/trace-reader.js';
import { ApiError } from './routes/errors.js';
import type { ScoreConfig } from './score-configs/score-config.js';
import { scoreByConfig } from './score-configs/score-check.js';

/**
 * A score given through the API (a person annotating a trace in the UI, a backend posting its
 * user's thumbs): written as the GenAI conventions' `gen_ai.evaluation.result` event — a log record
 * tied to the scored span, as `recordEvaluation()` of `@watchllm/instrumentation` sends it — so it
 * shows wherever evaluations do (the span, the dashboard, trace search by score, Grafana).
 */
/** What any score says, whatever it is on. */
export interface ScoreFields {
  name: string;
  score?: number;
  label?: string;
  explanation?: string;
  /** Who gave the score (a reviewer's name, a judge's). */
  author?: string;
  /** The score config it was checked against (score-configs/score-check.ts). */
  configId?: string;
  /** TEXT or CORRECTION: the label is free text (a reviewer's note, a corrected output), not a category. */
  dataType?: StoredScoreDataType;
}

export interface EvaluationInput extends ScoreFields {
  traceId: string;
  /** The scored span; absent → the trace's root span. */
  spanId?: string;
}

/** A score on a session (a conversation) as a whole, no span of it in particular: kept apart (session-score-store.ts). */
export interface SessionScoreInput extends ScoreFields {
  sessionId: string;
}

export type ScoreInput = EvaluationInput | SessionScoreInput;
export const isSessionScore = (input: ScoreInput): input is SessionScoreInput => 'sessionId' in input;

/** The instrumentation scope of records written here, so they can be told from ones an app sent. */
export const ANNOTATION_SCOPE = 'watchllm.annotations';
const MAX_NAME = 256;
const MAX_EXPLANATION = 4096;
const FIELDS = ['traceId', 'spanId', 'sessionId', 'name', 'score', 'label', 'explanation', 'author', 'configId', 'dataType'];
/** How long a label may be: a category or text (Langfuse takes 1–500 characters of TEXT), or a correction (an output). */
const MAX_LABEL: Record<StoredScoreDataType | 'category', number> = { category: 500, TEXT: 500, CORRECTION: MAX_EXPLANATION };
const MAX_CONFIG_ID = 64;

/** Checks a request body, naming the first field that is wrong. */
export function parseEvaluationInput(body: unknown): ScoreInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'the body must be a JSON object: {"traceId" (and "spanId"?) or "sessionId", "name", "score"?, "label"?, "explanation"?, "author"?, "configId"?}');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).find((k) => !FIELDS.includes(k));
  if (unknown) throw new ApiError(400, `unknown field "${unknown.slice(0, 64)}" (fields: ${FIELDS.join(', ')})`);
  const text = (field: string, max: number, required = false): string | undefined => {
    const v = b[field];
    if (v === undefined || v === null) {
      if (required) throw new ApiError(400, `field ${field}: required`);
      return undefined;
    }
    if (typeof v !== 'string' || (required && v.trim() === '')) throw new ApiError(400, `field ${field}: expected ${required ? 'a non-empty string' : 'a string'}`);
    if (v.length > max) throw new ApiError(400, `field ${field}: at most ${max} characters`);
    return v;
  };
  const sessionId = text('sessionId', MAX_SESSION_ID);
  if (sessionId !== undefined && (b.traceId != null || b.spanId != null)) throw new ApiError(400, 'field sessionId: a score is on a session or on a trace (traceId, spanId), not both');
  const target = sessionId !== undefined ? { sessionId: nonEmpty('sessionId', sessionId) } : scoredTrace(text('traceId', 64, true)!, text('spanId', 64));
  const score = b.score;
  if (score !== undefined && score !== null && (typeof score !== 'number' || !Number.isFinite(score))) throw new ApiError(400, 'field score: expected a finite number');
  const dataType = b.dataType == null ? undefined : storedScoreDataType(b.dataType);
  if (b.dataType != null && dataType === undefined) throw new ApiError(400, `field dataType: expected ${STORED_SCORE_DATA_TYPES.join(' or ')} (other scores are told by their score and label)`);
  const input: ScoreInput = {
    ...target, name: text('name', MAX_NAME, true)!, label: text('label', MAX_LABEL[dataType ?? 'category']), explanation: text('explanation', MAX_EXPLANATION),
    author: text('author', MAX_NAME), configId: text('configId', MAX_CONFIG_ID),
  };
  if (typeof score === 'number') input.score = score;
  if (dataType !== undefined) {
    // A TEXT or CORRECTION score is its text alone.
    if (input.label === undefined || input.label.trim() === '') throw new ApiError(400, `field label: a ${dataType} score needs its text (1–${MAX_LABEL[dataType]} characters)`);
    if (input.score !== undefined) throw new ApiError(400, `field score: a ${dataType} score is its text (label) alone`);
    input.dataType = dataType;
  }
  if (input.score === undefined && input.label === undefined) throw new ApiError(400, 'give a score, a label or both');
  return input;
}

/** Session ids are the conversation ids apps send: any text of 1 to 512 characters (as `/api/v1/sessions/{id}` takes). */
export const MAX_SESSION_ID = 512;

const nonEmpty = (field: string, v: string): string => {
  if (v === '') throw new ApiError(400, `field ${field}: expected a non-empty string`);
  return v;
};

function scoredTrace(rawTrace: string, rawSpan: string | undefined): { traceId: string; spanId?: string } {
  const traceId = normalizeTraceId(rawTrace);
  if (!traceId) throw new ApiError(400, `field traceId: "${rawTrace}" must be 16 or 32 hex characters`);
  if (rawSpan !== undefined && !/^[0-9a-fA-F]{16}$/.test(rawSpan)) throw new ApiError(400, `field spanId: "${rawSpan}" must be 16 hex characters`);
  return { traceId, spanId: rawSpan?.toLowerCase() };
}

/** Langfuse's score data types, and how each is kept here (a score, a label, a 0 / 1 score, or text marked with its type). */
const LANGFUSE_DATA_TYPES = ['NUMERIC', 'CATEGORICAL', 'BOOLEAN', ...STORED_SCORE_DATA_TYPES] as const;
const LANGFUSE_SCORE_FIELDS = ['id', 'traceId', 'observationId', 'name', 'value', 'dataType', 'comment', 'environment', 'configId', 'metadata', 'sessionId', 'datasetRunId', 'queueId'];

/** A Langfuse score's value as kept here; with a config, also the config's name and id. */
export interface LangfuseScoreValue {
  dataType: (typeof LANGFUSE_DATA_TYPES)[number];
  score?: number;
  label?: string;
  name?: string;
  configId?: string;
}

/**
 * A Langfuse score's value by its data type (given, else by the value's): a NUMERIC one a score, a CATEGORICAL one a
 * label, a BOOLEAN one a 0 / 1 score (labelled). A score naming `config` takes its data type and is checked against it.
 */
export function langfuseScoreValue(b: Record<string, unknown>, config?: ScoreConfig): LangfuseScoreValue {
  if (config) {
    if (b.dataType != null && b.dataType !== config.dataType) throw new ApiError(400, `field dataType: ${String(b.dataType).slice(0, 32)} does not match score config "${config.name}", which is ${config.dataType}`);
    return { dataType: config.dataType, ...scoreByConfig(config, b.value, 'value') };
  }
  const dataType = b.dataType ?? (typeof b.value === 'string' ? 'CATEGORICAL' : 'NUMERIC');
  if (!(LANGFUSE_DATA_TYPES as readonly unknown[]).includes(dataType)) throw new ApiError(400, `field dataType: expected one of ${LANGFUSE_DATA_TYPES.join(', ')}`);
  const value = b.value;
  const stored = storedScoreDataType(dataType);
  if (stored !== undefined) {
    // Checked for length where every score's fields are (parseEvaluationInput).
    if (typeof value !== 'string') throw new ApiError(400, `field value: a ${stored} score is a string`);
    return { dataType: stored, label: value };
  }
  if (dataType === 'CATEGORICAL') {
    if (typeof value !== 'string') throw new ApiError(400, 'field value: a CATEGORICAL score is a string');
    return { dataType, label: value };
  }
  if (dataType === 'BOOLEAN') {
    if (value !== 0 && value !== 1 && value !== true && value !== false) throw new ApiError(400, 'field value: a BOOLEAN score is 0 or 1');
    return { dataType, score: Number(value), label: Number(value) === 1 ? 'true' : 'false' };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ApiError(400, 'field value: a NUMERIC score is a number');
  return { dataType: 'NUMERIC', score: value };
}

/**
 * A Langfuse score (`POST /api/public/scores`, what its SDKs' score calls send) as an evaluation:
 * `observationId` is the span, `comment` the explanation; a NUMERIC value is the score, a
 * CATEGORICAL one the label, a BOOLEAN one a 0 / 1 score. Validated as `POST /api/v1/evaluations` is; a score naming a
 * config (`configId`) is checked against `config`, the config it names, and takes its name (as Langfuse's).
 */
export function fromLangfuseScore(body: unknown, config?: ScoreConfig): ScoreInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'the body must be a JSON object: {"traceId" (and "observationId"?) or "sessionId", "name", "value", "dataType"?, "comment"?}');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).find((k) => !LANGFUSE_SCORE_FIELDS.includes(k));
  if (unknown) throw new ApiError(400, `unknown field "${unknown.slice(0, 64)}" (fields: ${LANGFUSE_SCORE_FIELDS.join(', ')})`);
  const { score, label, name = b.name, configId, dataType } = langfuseScoreValue(b, config);
  // TEXT and CORRECTION are kept with the score: its score and label cannot tell them.
  const fields = { name, score, label, explanation: b.comment, configId, dataType: storedScoreDataType(dataType) };
  // A score naming a trace is on the trace (as Langfuse's); one naming a session alone is on the session.
  if (b.traceId == null && b.sessionId != null) return parseEvaluationInput({ sessionId: b.sessionId, ...fields });
  return parseEvaluationInput({ traceId: b.traceId, spanId: b.observationId, ...fields });
}

/** A score's `configId` field, present when it named a config (a score view leaves it out otherwise). */
export const configIdField = (s: { configId?: string | null }): { configId?: string } => (s.configId ? { configId: s.configId } : {});
/** A score's `dataType` field, present for TEXT and CORRECTION scores (the others are told by their score and label). */
export const dataTypeField = (s: { dataType?: string | null }): { dataType?: StoredScoreDataType } => {
  const dataType = storedScoreDataType(s.dataType);
  return dataType ? { dataType } : {};
};

export interface EvaluatedSpan {
  traceId: string;
  spanId: string;
  serviceName: string;
}

/** A score as the API shows it, on a span or on a session as a whole. */
export interface ScoreView {
  /** What `DELETE /api/v1/evaluations/{id}` takes (with `?sessionId=` for a session's). */
  id: string;
  name: string;
  score: number | null;
  label: string | null;
  explanation: string | null;
  author: string | null;
  timeUnixNano: string;
  /** The score config it was checked against; absent when it named none. */
  configId?: string;
  /** TEXT or CORRECTION; absent for scores told by their score and label. */
  dataType?: StoredScoreDataType;
}

/** The evaluation as the trace API shows it on the span. */
export interface WrittenEvaluation extends EvaluatedSpan, ScoreView {}

/**
 * A new score's id, and the insert token that makes the same score sent again a no-op: from the id the sender gave
 * it (Langfuse's clients do), else random (no token).
 */
export function scoreIdentity(projectId: string, sourceId: string | undefined): { key: string | undefined; id: string } {
  const key = sourceId === undefined ? undefined : createHash('sha256').update(`${projectId}\u0000score\u0000${sourceId}`).digest('hex');
  return { key, id: key?.slice(0, 16) ?? randomBytes(8).toString('hex') };
}

/**
 * `sourceId`: the id the sender gave the score (Langfuse's clients do): the same one sent again — an SDK repeating
 * a batch it timed out on — is the same score, written once (the store drops an insert whose token it has seen).
 */
export async function writeEvaluation(store: Store, projectId: string, span: EvaluatedSpan, input: EvaluationInput, nowMs = Date.now(), sourceId?: string): Promise<WrittenEvaluation> {
  const { key, id } = scoreIdentity(projectId, sourceId);
  const values: Record<string, AttrValue> = { [ATTR_GEN_AI_EVALUATION_NAME]: input.name, [ATTR_WATCHLLM_EVALUATION_ID]: id };
  const types: ValueTypes = {};
  if (input.score !== undefined) {
    values[ATTR_GEN_AI_EVALUATION_SCORE_VALUE] = input.score;
    types[ATTR_GEN_AI_EVALUATION_SCORE_VALUE] = 'double';
  }
  if (input.label !== undefined) values[ATTR_GEN_AI_EVALUATION_SCORE_LABEL] = input.label;
  if (input.explanation !== undefined) values[ATTR_GEN_AI_EVALUATION_EXPLANATION] = input.explanation;
  if (input.author !== undefined) values[ATTR_WATCHLLM_EVALUATION_AUTHOR] = input.author;
  if (input.configId !== undefined) values[ATTR_WATCHLLM_EVALUATION_CONFIG_ID] = input.configId;
  if (input.dataType !== undefined) values[ATTR_WATCHLLM_EVALUATION_DATA_TYPE] = input.dataType;
  const timeUnixNano = await writeSpanEvent(store, projectId, span, GEN_AI_EVENT_EVALUATION_RESULT, { values, types }, nowMs, key);
  return { ...span, id, name: input.name, score: input.score ?? null, label: input.label ?? null, explanation: input.explanation ?? null, author: input.author ?? null, timeUnixNano, ...configIdField(input), ...dataTypeField(input) };
}

/** Withdraws the score `id` of `span`: a `watchllm.evaluation.retracted` record naming it, after which no read counts it. */
export async function retractEvaluation(store: Store, projectId: string, span: EvaluatedSpan, id: string, nowMs = Date.now()): Promise<void> {
  await writeSpanEvent(store, projectId, span, WATCHLLM_EVENT_EVALUATION_RETRACTED, { values: { [ATTR_WATCHLLM_EVALUATION_ID]: id }, types: undefined }, nowMs);
}

/** One event as a log record tied to `span` (scope `watchllm.annotations`); returns its time. */
async function writeSpanEvent(store: Store, projectId: string, span: EvaluatedSpan, eventName: string, attributes: TypedAttributes, nowMs: number, dedupToken?: string): Promise<string> {
  const timeUnixNano = `${nowMs}000000`;
  const batch: LogsBatch = {
    projectId,
    resourceLogs: [
      {
        resource: { attributes: { values: { 'service.name': span.serviceName }, types: undefined }, schemaUrl: '' },
        scopeLogs: [
          {
            scope: { name: ANNOTATION_SCOPE, version: '', attributes: { values: {}, types: undefined }, droppedAttributesCount: 0, schemaUrl: '' },
            logRecords: [
              {
                timeUnixNano,
                observedTimeUnixNano: timeUnixNano,
                severityNumber: 9,
                severityText: 'INFO',
                body: '',
                bodyType: undefined,
                attributes,
                flags: 0,
                traceId: span.traceId,
                spanId: span.spanId,
                eventName,
              },
            ],
          },
        ],
      },
    ],
    rejectedLogRecords: 0,
    rejectionReasons: [],
  };
  for (const { table, rows } of logTableRows(batch)) await insertRows(store, table, rows, dedupToken);
  return timeUnixNano;
}
