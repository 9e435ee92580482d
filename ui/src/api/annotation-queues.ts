// Annotation queues (/api/v1/annotation-queues): create a queue, queue a trace or session, complete or skip an item.

import type { AnnotationQueueDto, QueueItemDto } from './types.js';
import { apiPatch, apiPost } from './client.js';

export const QUEUES_API = '/api/v1/annotation-queues';

export const queueUrl = (queueId: string) => `${QUEUES_API}/${encodeURIComponent(queueId)}`;

/** A new queue; an ApiError with the server's 400 message (naming the field or config) when it refuses. */
export const createQueue = (body: { name: string; description?: string; scoreConfigIds: string[] }) => apiPost<AnnotationQueueDto>(QUEUES_API, body);

export const addQueueItem = (queueId: string, objectType: QueueItemDto['objectType'], objectId: string) => apiPost<QueueItemDto>(`${queueUrl(queueId)}/items`, { objectType, objectId });

export const setItemStatus = (queueId: string, itemId: string, status: QueueItemDto['status']) => apiPatch<QueueItemDto>(`${queueUrl(queueId)}/items/${encodeURIComponent(itemId)}`, { status });
