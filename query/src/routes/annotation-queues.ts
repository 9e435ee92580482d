/**
 * WatchLLM's own annotation queues API (the UI's Annotate page): queues with their pending and completed counts, a
 * new queue, a queue with its items, and adding, completing (or reopening) and deleting an item. Checked as
 * Langfuse's route checks them (annotation-queues/).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import type { AnnotationQueue, QueueItem, QueueItemStatus } from '../annotation-queues/annotation-queue.js';
import { QUEUE_ITEM_STATUSES } from '../annotation-queues/annotation-queue.js';
import type { AnnotationQueueStore, QueueCounts } from '../annotation-queues/annotation-queue-store.js';
import type { QueueRequests } from '../annotation-queues/queue-requests.js';
import type { SpanListReader } from '../reader/span-list-reader.js';
import { Params } from '../params.js';
import { jsonBody, limitedBody } from './json-body.js';

/** More than a project's queues, and than a page of a queue's walk. */
const MAX_LIST = 1000;

export interface AnnotationQueueDto {
  id: string;
  name: string;
  description: string | null;
  scoreConfigIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface QueueItemDto {
  id: string;
  queueId: string;
  objectId: string;
  objectType: QueueItem['objectType'];
  /** A span item's trace, when the span is stored (what the UI scores and links it by); absent otherwise. */
  traceId?: string;
  status: QueueItemStatus;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AnnotationQueueSummaryDto extends AnnotationQueueDto, QueueCounts {}
export interface AnnotationQueueListDto {
  queues: AnnotationQueueSummaryDto[];
}
export interface AnnotationQueueDetailDto extends AnnotationQueueSummaryDto {
  /** Oldest first (the order to work through them), of the status asked for, else all. */
  items: QueueItemDto[];
}

/** A queue is a name, a description and a few config ids; an item a few ids. */
export const queueBodyLimit = limitedBody(64 * 1024, 'a queue is a name, a description and its score config ids');

const iso = (ms: number) => new Date(ms).toISOString();

export const queueDto = (q: AnnotationQueue): AnnotationQueueDto => ({
  id: q.id,
  name: q.name,
  description: q.description,
  scoreConfigIds: q.scoreConfigIds,
  createdAt: iso(q.createdAtMs),
  updatedAt: iso(q.updatedAtMs),
});

export const queueItemDto = (i: QueueItem): QueueItemDto => ({
  id: i.id,
  queueId: i.queueId,
  objectId: i.objectId,
  objectType: i.objectType,
  status: i.status,
  completedAt: i.completedAtMs === null ? null : iso(i.completedAtMs),
  createdAt: iso(i.createdAtMs),
  updatedAt: iso(i.updatedAtMs),
});

const NO_ITEMS: QueueCounts = { pending: 0, completed: 0 };

/** Span items with their traces added (a queue names a span by its id alone). */
async function withTraces(spans: SpanListReader, projectId: string, items: QueueItemDto[]): Promise<QueueItemDto[]> {
  const spanIds = [...new Set(items.filter((i) => i.objectType === 'OBSERVATION').map((i) => i.objectId))];
  const traces = await spans.traceIdsOf(projectId, spanIds);
  return items.map((i) => {
    const traceId = i.objectType === 'OBSERVATION' ? traces.get(i.objectId) : undefined;
    return traceId ? { ...i, traceId } : i;
  });
}

export function annotationQueueRoutes(queues: AnnotationQueueStore, requests: QueueRequests, spans: SpanListReader) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    new Params(c.req.url, []);
    const { items } = await queues.listQueues(c.var.projectId, { limit: MAX_LIST, offset: 0 });
    const counts = await queues.counts(c.var.projectId, items.map((q) => q.id));
    const list: AnnotationQueueListDto = { queues: items.map((q) => ({ ...queueDto(q), ...(counts.get(q.id) ?? NO_ITEMS) })) };
    return c.json(list);
  });

  app.post('/', queueBodyLimit, async (c) => c.json(queueDto(await requests.createQueue(c.var.projectId, await jsonBody(c))), 201));

  app.get('/:queueId', async (c) => {
    const status = new Params(c.req.url, ['status']).oneOf('status', QUEUE_ITEM_STATUSES);
    const queue = await requests.queueOf(c.var.projectId, c.req.param('queueId'));
    const [counts, { items }] = await Promise.all([queues.counts(c.var.projectId, [queue.id]), queues.listItems(c.var.projectId, queue.id, status, { limit: MAX_LIST, offset: 0 })]);
    const detail: AnnotationQueueDetailDto = { ...queueDto(queue), ...(counts.get(queue.id) ?? NO_ITEMS), items: await withTraces(spans, c.var.projectId, items.map(queueItemDto)) };
    return c.json(detail);
  });

  app.post('/:queueId/items', queueBodyLimit, async (c) => c.json(queueItemDto(await requests.addItem(c.var.projectId, c.req.param('queueId'), await jsonBody(c))), 201));

  app.patch('/:queueId/items/:itemId', queueBodyLimit, async (c) => {
    const item = await requests.setStatus(c.var.projectId, c.req.param('queueId'), c.req.param('itemId'), await jsonBody(c));
    return c.json(queueItemDto(item));
  });

  app.delete('/:queueId/items/:itemId', async (c) => {
    await requests.deleteItem(c.var.projectId, c.req.param('queueId'), c.req.param('itemId'));
    return c.body(null, 204);
  });
  return app;
}
