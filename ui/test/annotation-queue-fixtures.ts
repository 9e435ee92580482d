// Annotation queues for the fake API: none at first; POST /api/v1/annotation-queues creates one (its configs must be
// known, as the query service checks), POST …/items queues a trace or session, PATCH …/items/{id} sets its status.
// GET /api/v1/traces/previews answers a line of input and output for queued traces (what the queue walk shows).
import type { AnnotationQueueDto, QueueItemDto } from '../src/api/types.js';

const json = (status: number, body: unknown) => ({ status, type: 'application/json', body: JSON.stringify(body) });

export const PREVIEW = { input: 'What is the weather in Paris?', output: 'Sunny, 21 °C.' };

export function createAnnotationQueuesApi(knownConfigIds: () => string[]) {
  const queues = new Map<string, AnnotationQueueDto & { items: QueueItemDto[] }>();
  /** What the UI sent to /api/v1/annotation-queues, in order: method, path and body. */
  const sent: { method: string; path: string; body: Record<string, unknown> }[] = [];
  let next = 1;
  const now = () => new Date().toISOString();
  const counts = (items: QueueItemDto[]) => ({ pending: items.filter((i) => i.status === 'PENDING').length, completed: items.filter((i) => i.status === 'COMPLETED').length });
  return {
    sent,
    handle(method: string, url: URL, body: Record<string, unknown>) {
      const p = url.pathname;
      // Only queued traces get a preview here: the trace list's own tests see the fake's usual answer.
      const queued = (traceId: string) => [...queues.values()].some((q) => q.items.some((i) => i.objectId === traceId));
      if (p === '/api/v1/traces/previews' && url.searchParams.getAll('traceId').every(queued)) {
        return json(200, { previews: url.searchParams.getAll('traceId').map((traceId) => ({ traceId, ...PREVIEW })) });
      }
      if (!p.startsWith('/api/v1/annotation-queues')) return undefined;
      if (method !== 'GET') sent.push({ method, path: p, body });
      const [, queueId, , itemId] = p.slice('/api/v1/annotation-queues'.length).split('/').map(decodeURIComponent);
      if (!queueId) {
        if (method === 'GET') return json(200, { queues: [...queues.values()].reverse().map(({ items, ...q }) => ({ ...q, ...counts(items) })) });
        if (typeof body.name !== 'string' || body.name === '') return json(400, { error: 'field name: required: a non-empty string' });
        const ids = (body.scoreConfigIds ?? []) as string[];
        const unknown = ids.find((id) => !knownConfigIds().includes(id));
        if (unknown) return json(400, { error: `field scoreConfigIds: score config ${unknown} not found in this project` });
        const q = { id: `queue-${next++}`, name: body.name, description: (body.description as string) ?? null, scoreConfigIds: ids, createdAt: now(), updatedAt: now() };
        queues.set(q.id, { ...q, items: [] });
        return json(201, q);
      }
      const q = queues.get(queueId);
      if (!q) return json(404, { error: `annotation queue ${queueId} not found` });
      if (!itemId && method === 'GET') return json(200, { ...q, ...counts(q.items) });
      if (!itemId && method === 'POST') {
        const item: QueueItemDto = { id: `item-${next++}`, queueId, objectId: String(body.objectId), objectType: body.objectType as QueueItemDto['objectType'], status: 'PENDING', completedAt: null, createdAt: now(), updatedAt: now() };
        q.items.push(item);
        return json(201, item);
      }
      const item = q.items.find((i) => i.id === itemId);
      if (!item || method !== 'PATCH') return json(404, { error: `item ${itemId} not found in annotation queue ${queueId}` });
      Object.assign(item, { status: body.status, completedAt: body.status === 'COMPLETED' ? now() : null, updatedAt: now() });
      return json(200, item);
    },
  };
}
