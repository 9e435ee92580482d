/** Bodies of the dataset endpoints (Langfuse's and WatchLLM's), checked field by field: a 400 names the first field that is wrong. */
import { randomUUID } from 'node:crypto';
import { langfuseScoreValue } from '../evaluation-writer.js';
import { ApiError } from '../routes/errors.js';
import { objectBody } from '../routes/json-body.js';
import type { ScoreConfig } from '../score-configs/score-config.js';
import type { DatasetInput, ItemInput, ItemStatus } from './dataset-store.js';
import type { RunLink, RunScore } from './run-store.js';

const MAX_NAME = 256;
const MAX_ID = 255;
const MAX_DESCRIPTION = 4096;
const STATUSES: readonly ItemStatus[] = ['ACTIVE', 'ARCHIVED'];

const bad = (field: string, why: string) => new ApiError(400, `field ${field}: ${why}`);

type Body = Record<string, unknown>;

/** A name or id from a path or body: non-empty, no control characters, at most `max` characters. */
export function nameField(raw: unknown, field: string, max = MAX_NAME): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw bad(field, 'expected a non-empty string');
  if (raw.length > max) throw bad(field, `at most ${max} characters`);
  if (/[\u0000-\u001f]/.test(raw)) throw bad(field, 'control characters are not allowed');
  return raw;
}

/** An optional string field: undefined when absent, null when null. */
function optionalText(b: Body, field: string, max: number): string | null | undefined {
  const v = b[field];
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw bad(field, 'expected a string');
  if (v.length > max) throw bad(field, `at most ${max} characters`);
  return v;
}

const optionalId = (b: Body, field: string) => {
  const v = optionalText(b, field, MAX_ID);
  return v === '' ? null : v;
};

const DATASET_FIELDS = ['name', 'description', 'metadata', 'inputSchema', 'expectedOutputSchema'];

/** `POST /api/public/v2/datasets` (Langfuse's CreateDatasetRequest), and WatchLLM's `POST /api/v1/datasets`. */
export function datasetInput(body: unknown): DatasetInput {
  const b = objectBody(body, DATASET_FIELDS);
  for (const schema of ['inputSchema', 'expectedOutputSchema']) {
    if (b[schema] !== undefined && b[schema] !== null) throw bad(schema, 'JSON Schema validation of items is not supported by WatchLLM; leave it out');
  }
  return { name: nameField(b.name, 'name'), description: optionalText(b, 'description', MAX_DESCRIPTION), metadata: b.metadata };
}

function status(b: Body): ItemStatus | undefined {
  if (b.status === undefined || b.status === null) return undefined;
  if (!STATUSES.includes(b.status as ItemStatus)) throw bad('status', `expected ${STATUSES.join(' or ')}`);
  return b.status as ItemStatus;
}

const ITEM_FIELDS = ['datasetName', 'id', 'status', 'input', 'expectedOutput', 'metadata', 'sourceTraceId', 'sourceObservationId'];

/** `POST /api/public/dataset-items` (Langfuse's CreateDatasetItemRequest): the dataset's name and the item. */
export function langfuseItemInput(body: unknown): { datasetName: string; item: ItemInput } {
  const b = objectBody(body, ITEM_FIELDS);
  const datasetName = nameField(b.datasetName, 'datasetName');
  const id = b.id === undefined || b.id === null ? undefined : nameField(b.id, 'id', MAX_ID);
  return { datasetName, item: { id, status: status(b), ...itemContent(b) } };
}

const V1_ITEM_FIELDS = ['input', 'expectedOutput', 'metadata', 'sourceTraceId', 'sourceObservationId'];

/** WatchLLM's `POST /api/v1/datasets/{name}/items` (the UI's "Add to dataset"): a new item, its input required. */
export function newItemInput(body: unknown): ItemInput {
  const b = objectBody(body, V1_ITEM_FIELDS);
  if (b.input === undefined) throw bad('input', 'required (what the item gives the task)');
  return itemContent(b);
}

function itemContent(b: Body): ItemInput {
  return { input: b.input, expectedOutput: b.expectedOutput, metadata: b.metadata, sourceTraceId: optionalId(b, 'sourceTraceId'), sourceObservationId: optionalId(b, 'sourceObservationId') };
}

const RUN_ITEM_FIELDS = ['runName', 'runDescription', 'metadata', 'datasetItemId', 'observationId', 'traceId', 'datasetVersion', 'createdAt'];

/** `POST /api/public/dataset-run-items` (Langfuse's CreateDatasetRunItemRequest). */
export function runItemInput(body: unknown): RunLink {
  const b = objectBody(body, RUN_ITEM_FIELDS);
  if (b.datasetVersion !== undefined && b.datasetVersion !== null) throw bad('datasetVersion', 'dataset versions are not kept by WatchLLM; leave it out (runs use the items as they are)');
  if (b.createdAt !== undefined && b.createdAt !== null && (typeof b.createdAt !== 'string' || Number.isNaN(Date.parse(b.createdAt)))) throw bad('createdAt', 'expected an ISO 8601 time');
  const traceId = optionalId(b, 'traceId') ?? undefined;
  const observationId = optionalId(b, 'observationId') ?? null;
  // Langfuse infers the trace from an observation for old SDKs; WatchLLM needs it given.
  if (traceId === undefined) throw bad('traceId', observationId === null ? 'required (the trace the run made of the item)' : 'required with observationId (the trace the observation is in)');
  return {
    runName: nameField(b.runName, 'runName'),
    runDescription: optionalText(b, 'runDescription', MAX_DESCRIPTION),
    metadata: b.metadata,
    datasetItemId: nameField(b.datasetItemId, 'datasetItemId', MAX_ID),
    traceId,
    observationId,
    createdAtMs: typeof b.createdAt === 'string' ? Date.parse(b.createdAt) : undefined,
  };
}

/**
 * A Langfuse score on a dataset run as a whole (`datasetRunId`, no `traceId`: what run evaluators give); one naming a
 * score config is checked against `config` and takes its name.
 */
export function runScoreInput(b: Record<string, unknown>, config?: ScoreConfig): { runId: string; score: Omit<RunScore, 'runId' | 'createdAtMs'> } {
  const { dataType, score, label, name = b.name } = langfuseScoreValue(b, config);
  return {
    runId: nameField(b.datasetRunId, 'datasetRunId', MAX_ID),
    score: {
      id: b.id === undefined || b.id === null ? randomUUID() : nameField(b.id, 'id', MAX_ID),
      name: nameField(name, 'name'),
      value: score ?? null,
      stringValue: label ?? null,
      dataType,
      comment: optionalText(b, 'comment', MAX_DESCRIPTION) ?? null,
    },
  };
}
