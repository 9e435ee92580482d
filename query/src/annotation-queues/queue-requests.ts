/**
 * What Langfuse's annotation-queue routes and WatchLLM's own share: a queue's or item's 404 naming what is missing,
 * a new queue whose score configs must be the project's (a 400 naming the one that is not), and an item's changes.
 */
import { ApiError } from '../routes/errors.js';
import type { ScoreConfigStore } from '../score-configs/score-config-store.js';
import { itemStatusOf, newAnnotationQueue, newQueueItem, withStatus, type AnnotationQueue, type QueueItem } from './annotation-queue.js';
import type { AnnotationQueueStore } from './annotation-queue-store.js';

const short = (id: string) => id.slice(0, 64);
export const queueNotFound = (id: string) => new ApiError(404, `annotation queue ${short(id)} not found`);
export const itemNotFound = (queueId: string, id: string) => new ApiError(404, `item ${short(id)} not found in annotation queue ${short(queueId)}`);

export type QueueRequests = ReturnType<typeof queueRequests>;

export function queueRequests(queues: AnnotationQueueStore, configs: ScoreConfigStore) {
  const queueOf = async (projectId: string, id: string): Promise<AnnotationQueue> => {
    const queue = await queues.getQueue(projectId, id);
    if (!queue) throw queueNotFound(id);
    return queue;
  };
  const found = (queueId: string, id: string, item: QueueItem | undefined): QueueItem => {
    if (!item) throw itemNotFound(queueId, id);
    return item;
  };

  return {
    queueOf,

    async createQueue(projectId: string, body: unknown): Promise<AnnotationQueue> {
      const fields = newAnnotationQueue(body);
      const known = await configs.byIds(projectId, fields.scoreConfigIds);
      for (const id of fields.scoreConfigIds) {
        const config = known.get(id);
        if (!config) throw new ApiError(400, `field scoreConfigIds: score config ${short(id)} not found in this project`);
        // An archived config takes no score: a queue scored with it could never be worked.
        if (config.isArchived) throw new ApiError(400, `field scoreConfigIds: score config "${config.name}" (${id}) is archived`);
      }
      return queues.createQueue(projectId, fields);
    },

    async itemOf(projectId: string, queueId: string, id: string): Promise<QueueItem> {
      await queueOf(projectId, queueId);
      return found(queueId, id, await queues.getItem(projectId, queueId, id));
    },

    async addItem(projectId: string, queueId: string, body: unknown): Promise<QueueItem> {
      const fields = newQueueItem(body);
      await queueOf(projectId, queueId);
      return queues.addItem(projectId, queueId, fields);
    },

    async setStatus(projectId: string, queueId: string, id: string, body: unknown): Promise<QueueItem> {
      const status = itemStatusOf(body);
      await queueOf(projectId, queueId);
      return found(queueId, id, await queues.updateItem(projectId, queueId, id, (current) => withStatus(current, status)));
    },

    async deleteItem(projectId: string, queueId: string, id: string): Promise<void> {
      await queueOf(projectId, queueId);
      if (!(await queues.deleteItem(projectId, queueId, id))) throw itemNotFound(queueId, id);
    },
  };
}
