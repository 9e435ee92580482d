// Annotation queues as a Langfuse user works them: the real Langfuse client (@langfuse/client) creates a queue scored
// with a score config, queues a trace, lists, completes and deletes items, against `watchllm start` with auth on.
// Bad input is refused with a 400 naming it, unknown queues and items with a 404, assignments (which need user
// accounts) with a 501. Erasing the trace takes its queue items with it; another project's key sees no queue.
import { describe, expect, it } from 'vitest';
import type { AnnotationQueueListDto } from '../src/routes/annotation-queues.js';
import { eventually } from './helpers.js';
import { langfuseProjects, sendOneSpanTrace } from './langfuse-projects.js';

const projects = langfuseProjects('annotating');

const TRACE = '5e'.repeat(16);
const SPAN = '6f'.repeat(8);

/** What a refused call rejects with: the status and the API's message. */
const refused = (statusCode: number, error: RegExp | string) => ({ statusCode, body: { error: typeof error === 'string' ? error : expect.stringMatching(error) } });

describe('Langfuse annotation queues through its client', () => {
  const queues = () => projects().langfuse.api.annotationQueues;
  let queue: { id: string };
  let item: { id: string };

  it('creates a queue with a score config, queues a trace, lists, completes and deletes its items', async () => {
    await sendOneSpanTrace(projects(), TRACE, SPAN, 'answer');
    const config = await projects().langfuse.api.scoreConfigs.create({ name: 'helpful', dataType: 'BOOLEAN' });
    queue = await queues().createQueue({ name: 'review', description: 'Check answers', scoreConfigIds: [config.id] });
    expect(queue).toEqual({ id: expect.any(String), name: 'review', description: 'Check answers', scoreConfigIds: [config.id], createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect(await queues().getQueue(queue.id)).toEqual(queue);
    expect(await queues().listQueues()).toEqual({ data: [queue], meta: { page: 1, limit: 50, totalItems: 1, totalPages: 1 } });

    item = await queues().createQueueItem(queue.id, { objectId: TRACE, objectType: 'TRACE' });
    expect(item).toMatchObject({ queueId: queue.id, objectId: TRACE, objectType: 'TRACE', status: 'PENDING', completedAt: null });
    const span = await queues().createQueueItem(queue.id, { objectId: SPAN, objectType: 'OBSERVATION' });
    expect((await queues().listQueueItems(queue.id, { status: 'PENDING' })).meta.totalItems).toBe(2);

    const done = await queues().updateQueueItem(queue.id, item.id, { status: 'COMPLETED' });
    expect(done).toMatchObject({ id: item.id, status: 'COMPLETED', completedAt: expect.any(String) });
    expect(await queues().getQueueItem(queue.id, item.id)).toEqual(done);
    expect((await queues().listQueueItems(queue.id, { status: 'PENDING' })).data.map((i) => i.id)).toEqual([span.id]);
    expect(await queues().deleteQueueItem(queue.id, span.id)).toEqual({ success: true, message: 'Annotation queue item deleted' });
    expect((await queues().listQueueItems(queue.id)).data.map((i) => [i.id, i.status])).toEqual([[item.id, 'COMPLETED']]);

    // WatchLLM's own list (the UI's) counts them.
    const res = await fetch(`${projects().p.api}/api/v1/annotation-queues`, { headers: { authorization: `Bearer ${projects().key}` } });
    const { queues: own } = (await res.json()) as AnnotationQueueListDto;
    expect(own).toEqual([{ ...queue, pending: 0, completed: 1 }]);
  });

  it('refuses bad input naming it (400), unknown queues and items (404), and assignments (501)', async () => {
    await expect(queues().createQueue({ name: '', scoreConfigIds: [] })).rejects.toMatchObject(refused(400, 'field name: required: a non-empty string'));
    await expect(queues().createQueue({ name: 'x', scoreConfigIds: ['no-such-config'] })).rejects.toMatchObject(refused(400, 'field scoreConfigIds: score config no-such-config not found in this project'));
    await expect(queues().createQueueItem(queue.id, { objectId: TRACE, objectType: 'DATASET' as 'TRACE' })).rejects.toMatchObject(refused(400, /field objectType: expected one of TRACE, OBSERVATION, SESSION/));
    await expect(queues().getQueue('no-such-queue')).rejects.toMatchObject(refused(404, 'annotation queue no-such-queue not found'));
    await expect(queues().getQueueItem(queue.id, 'no-such-item')).rejects.toMatchObject(refused(404, /item no-such-item not found in annotation queue/));
    await expect(queues().createQueueAssignment(queue.id, { userId: 'u1' })).rejects.toMatchObject(refused(501, /assignments need user accounts, which WatchLLM does not have/));
    await expect(queues().deleteQueueAssignment(queue.id, { userId: 'u1' })).rejects.toMatchObject({ statusCode: 501 });
  });

  it("shows another project's key no queue", async () => {
    expect((await projects().elsewhere.api.annotationQueues.listQueues()).data).toEqual([]);
    await expect(projects().elsewhere.api.annotationQueues.getQueue(queue.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('erases the queue items pointing at a trace erased', async () => {
    await projects().langfuse.api.trace.delete(TRACE);
    await eventually(() => queues().listQueueItems(queue.id), (r) => r.data.length === 0);
    await expect(queues().getQueueItem(queue.id, item.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});
