/**
 * Annotation queues (Langfuse's): traces, observations (spans) or sessions queued for people to score with the
 * queue's score configs. A new queue, a new item and an item's change are checked here as Langfuse's bodies
 * (`CreateAnnotationQueueRequest`, `CreateAnnotationQueueItemRequest`, `UpdateAnnotationQueueItemRequest`); a 400
 * names the field. Whether the configs exist is the store's to say (checkedConfigIds).
 */
import { ApiError } from '../routes/errors.js';
import { objectBody } from '../routes/json-body.js';

export const QUEUE_OBJECT_TYPES = ['TRACE', 'OBSERVATION', 'SESSION'] as const;
export type QueueObjectType = (typeof QUEUE_OBJECT_TYPES)[number];
export const QUEUE_ITEM_STATUSES = ['PENDING', 'COMPLETED'] as const;
export type QueueItemStatus = (typeof QUEUE_ITEM_STATUSES)[number];

export interface AnnotationQueueFields {
  name: string;
  description: string | null;
  scoreConfigIds: string[];
}

export interface AnnotationQueue extends AnnotationQueueFields {
  id: string;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface QueueItemFields {
  objectId: string;
  objectType: QueueObjectType;
  status: QueueItemStatus;
}

export interface QueueItem extends QueueItemFields {
  id: string;
  queueId: string;
  completedAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

const MAX_NAME = 256;
const MAX_DESCRIPTION = 4096;
const MAX_ID = 256;
// A queue is scored with a handful of configs; more is a mistake, not a queue.
const MAX_CONFIGS = 50;

const bad = (field: string, why: string) => new ApiError(400, `field ${field}: ${why}`);
const given = (b: Record<string, unknown>, field: string) => b[field] !== undefined && b[field] !== null;

function oneOf<T extends string>(raw: unknown, field: string, allowed: readonly T[], required: boolean): T | undefined {
  if (raw === undefined || raw === null) {
    if (required) throw bad(field, `required: one of ${allowed.join(', ')}`);
    return undefined;
  }
  if (!(allowed as readonly unknown[]).includes(raw)) throw bad(field, `expected one of ${allowed.join(', ')}, not ${JSON.stringify(raw).slice(0, 64)}`);
  return raw as T;
}

/** A new queue from a JSON body (`POST /api/public/annotation-queues`). */
export function newAnnotationQueue(body: unknown): AnnotationQueueFields {
  const b = objectBody(body, ['name', 'description', 'scoreConfigIds']);
  if (typeof b.name !== 'string' || b.name.trim() === '') throw bad('name', 'required: a non-empty string');
  if (b.name.length > MAX_NAME) throw bad('name', `at most ${MAX_NAME} characters`);
  if (given(b, 'description') && typeof b.description !== 'string') throw bad('description', 'expected a string');
  const description = given(b, 'description') ? (b.description as string) : null;
  if (description !== null && description.length > MAX_DESCRIPTION) throw bad('description', `at most ${MAX_DESCRIPTION} characters`);
  const ids = b.scoreConfigIds ?? [];
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id === '' || id.length > MAX_ID)) throw bad('scoreConfigIds', 'expected a list of score config ids');
  if (ids.length > MAX_CONFIGS) throw bad('scoreConfigIds', `at most ${MAX_CONFIGS}`);
  return { name: b.name, description, scoreConfigIds: [...new Set(ids as string[])] };
}

/** A new item from a JSON body (`POST …/{queueId}/items`): PENDING unless the body says otherwise. */
export function newQueueItem(body: unknown): QueueItemFields {
  const b = objectBody(body, ['objectId', 'objectType', 'status']);
  if (typeof b.objectId !== 'string' || b.objectId === '') throw bad('objectId', 'required: the id of a trace, observation or session');
  if (b.objectId.length > MAX_ID) throw bad('objectId', `at most ${MAX_ID} characters`);
  return {
    objectId: b.objectId,
    objectType: oneOf(b.objectType, 'objectType', QUEUE_OBJECT_TYPES, true)!,
    status: oneOf(b.status, 'status', QUEUE_ITEM_STATUSES, false) ?? 'PENDING',
  };
}

/** The status a JSON body (`PATCH …/items/{itemId}`) gives an item. */
export function itemStatusOf(body: unknown): QueueItemStatus {
  return oneOf(objectBody(body, ['status']).status, 'status', QUEUE_ITEM_STATUSES, true)!;
}

/** `item` with `status`: completing stamps when (as Langfuse's), reopening clears it; the same status is no change (itself). */
export function withStatus(item: QueueItem, status: QueueItemStatus, nowMs = Date.now()): QueueItem {
  if (item.status === status) return item;
  return { ...item, status, completedAtMs: status === 'COMPLETED' ? nowMs : null };
}
