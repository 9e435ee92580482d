/**
 * Langfuse's annotation queues (`/api/public/annotation-queues`): `api.annotationQueues` of `@langfuse/client` —
 * listQueues, createQueue, getQueue, listQueueItems, getQueueItem, createQueueItem, updateQueueItem and
 * deleteQueueItem — work against WatchLLM. Assignments give a queue to a user account; WatchLLM has none, so they
 * answer 501 rather than pretend.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { QUEUE_ITEM_STATUSES } from '../annotation-queues/annotation-queue.js';
import type { AnnotationQueueStore } from '../annotation-queues/annotation-queue-store.js';
import type { QueueRequests } from '../annotation-queues/queue-requests.js';
import { meta, pageOf } from '../langfuse/request.js';
import { Params } from '../params.js';
import { queueBodyLimit, queueDto, queueItemDto } from './annotation-queues.js';
import { ApiError } from './errors.js';
import { jsonBody } from './json-body.js';

export function langfuseAnnotationQueueRoutes(queues: AnnotationQueueStore, requests: QueueRequests) {
  const app = new Hono<AppEnv>();

  app.get('/annotation-queues', async (c) => {
    const page = pageOf(new Params(c.req.url, ['page', 'limit']), 100);
    const { items, total } = await queues.listQueues(c.var.projectId, page);
    return c.json({ data: items.map(queueDto), meta: meta(page, total) });
  });

  app.post('/annotation-queues', queueBodyLimit, async (c) => c.json(queueDto(await requests.createQueue(c.var.projectId, await jsonBody(c)))));

  app.get('/annotation-queues/:queueId', async (c) => {
    new Params(c.req.url, []);
    return c.json(queueDto(await requests.queueOf(c.var.projectId, c.req.param('queueId'))));
  });

  app.get('/annotation-queues/:queueId/items', async (c) => {
    const p = new Params(c.req.url, ['status', 'page', 'limit']);
    const status = p.oneOf('status', QUEUE_ITEM_STATUSES);
    const page = pageOf(p, 100);
    const queue = await requests.queueOf(c.var.projectId, c.req.param('queueId'));
    const { items, total } = await queues.listItems(c.var.projectId, queue.id, status, page);
    return c.json({ data: items.map(queueItemDto), meta: meta(page, total) });
  });

  app.post('/annotation-queues/:queueId/items', queueBodyLimit, async (c) => c.json(queueItemDto(await requests.addItem(c.var.projectId, c.req.param('queueId'), await jsonBody(c)))));

  app.get('/annotation-queues/:queueId/items/:itemId', async (c) => {
    new Params(c.req.url, []);
    return c.json(queueItemDto(await requests.itemOf(c.var.projectId, c.req.param('queueId'), c.req.param('itemId'))));
  });

  app.patch('/annotation-queues/:queueId/items/:itemId', queueBodyLimit, async (c) => {
    const item = await requests.setStatus(c.var.projectId, c.req.param('queueId'), c.req.param('itemId'), await jsonBody(c));
    return c.json(queueItemDto(item));
  });

  app.delete('/annotation-queues/:queueId/items/:itemId', async (c) => {
    await requests.deleteItem(c.var.projectId, c.req.param('queueId'), c.req.param('itemId'));
    return c.json({ success: true, message: 'Annotation queue item deleted' });
  });

  // Langfuse gives a queue to users of its accounts; WatchLLM authenticates projects by key and has no users.
  app.on(['POST', 'DELETE'], '/annotation-queues/:queueId/assignments', () => {
    throw new ApiError(501, 'annotation queue assignments need user accounts, which WatchLLM does not have: anyone with the project key works any queue');
  });
  return app;
}
