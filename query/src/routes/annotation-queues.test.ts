import { insertRows, nanosToDateTime64, TABLES } from '@watchllm/collector';
import { describe, expect, it } from 'vitest';
import { queryAppCall } from '../../test/query-app.js';

// Annotation queues through both APIs (Langfuse's and WatchLLM's own), without a server: the project is "default".
const call = queryAppCall('annotation-queue-routes');
const TRACE = 'ab'.repeat(16);

async function configs() {
  const rating = (await call('POST', '/api/v1/score-configs', { name: 'rating', dataType: 'NUMERIC', minValue: 1, maxValue: 5 })).body;
  const tone = (await call('POST', '/api/v1/score-configs', { name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: 'ok', value: 1 }] })).body;
  return { rating, tone };
}

describe('annotation queues API', () => {
  it('creates queues with score configs, adds items, completes and deletes them (Langfuse shapes)', async () => {
    const { rating, tone } = await configs();
    const created = await call('POST', '/api/public/annotation-queues', { name: 'review', description: 'Check answers', scoreConfigIds: [rating.id, tone.id] });
    expect(created).toEqual({
      status: 200,
      body: { id: expect.any(String), name: 'review', description: 'Check answers', scoreConfigIds: [rating.id, tone.id], createdAt: expect.any(String), updatedAt: expect.any(String) },
    });
    const q = created.body.id;
    expect((await call('GET', `/api/public/annotation-queues/${q}`)).body).toEqual(created.body);
    expect((await call('GET', '/api/public/annotation-queues?limit=10')).body).toEqual({ data: [created.body], meta: { page: 1, limit: 10, totalItems: 1, totalPages: 1 } });

    const item = await call('POST', `/api/public/annotation-queues/${q}/items`, { objectId: TRACE, objectType: 'TRACE' });
    expect(item).toEqual({
      status: 200,
      body: { id: expect.any(String), queueId: q, objectId: TRACE, objectType: 'TRACE', status: 'PENDING', completedAt: null, createdAt: expect.any(String), updatedAt: expect.any(String) },
    });
    const session = (await call('POST', `/api/public/annotation-queues/${q}/items`, { objectId: 'chat-1', objectType: 'SESSION' })).body;
    const done = await call('PATCH', `/api/public/annotation-queues/${q}/items/${item.body.id}`, { status: 'COMPLETED' });
    expect(done.body).toMatchObject({ status: 'COMPLETED', completedAt: expect.any(String) });
    expect((await call('GET', `/api/public/annotation-queues/${q}/items/${item.body.id}`)).body).toEqual(done.body);
    expect((await call('GET', `/api/public/annotation-queues/${q}/items?status=PENDING`)).body).toEqual({ data: [session], meta: { page: 1, limit: 50, totalItems: 1, totalPages: 1 } });
    expect((await call('GET', `/api/public/annotation-queues/${q}/items`)).body.data.map((i: { id: string }) => i.id)).toEqual([item.body.id, session.id]);

    expect((await call('GET', '/api/v1/annotation-queues')).body).toEqual({ queues: [{ ...created.body, pending: 1, completed: 1 }] });
    expect(await call('DELETE', `/api/public/annotation-queues/${q}/items/${session.id}`)).toEqual({ status: 200, body: { success: true, message: 'Annotation queue item deleted' } });
    expect((await call('GET', `/api/public/annotation-queues/${q}/items/${session.id}`)).status).toBe(404);
    expect((await call('GET', `/api/v1/annotation-queues/${q}`)).body).toMatchObject({ pending: 0, completed: 1, items: [done.body] });
  });

  it('refuses bad input with a 400 naming it, unknown queues and items with a 404 naming them, assignments with a 501', async () => {
    const { rating } = await configs();
    expect(await call('POST', '/api/public/annotation-queues', { scoreConfigIds: [] })).toEqual({ status: 400, body: { error: 'field name: required: a non-empty string' } });
    expect(await call('POST', '/api/public/annotation-queues', { name: 'x', scoreConfigIds: [rating.id, 'nope'] })).toEqual({ status: 400, body: { error: 'field scoreConfigIds: score config nope not found in this project' } });
    await call('PATCH', `/api/v1/score-configs/${rating.id}`, { isArchived: true });
    expect((await call('POST', '/api/v1/annotation-queues', { name: 'x', scoreConfigIds: [rating.id] })).body.error).toMatch(/score config "rating" .* is archived/);

    const q = (await call('POST', '/api/v1/annotation-queues', { name: 'triage' })).body.id;
    expect((await call('POST', `/api/public/annotation-queues/${q}/items`, { objectId: TRACE, objectType: 'DATASET' })).body.error).toBe('field objectType: expected one of TRACE, OBSERVATION, SESSION, not "DATASET"');
    expect((await call('PATCH', `/api/v1/annotation-queues/${q}/items/nope`, { status: 'DONE' })).status).toBe(400);
    expect(await call('GET', '/api/public/annotation-queues/nope')).toEqual({ status: 404, body: { error: 'annotation queue nope not found' } });
    expect(await call('POST', '/api/public/annotation-queues/nope/items', { objectId: TRACE, objectType: 'TRACE' })).toEqual({ status: 404, body: { error: 'annotation queue nope not found' } });
    expect(await call('PATCH', `/api/public/annotation-queues/${q}/items/nope`, { status: 'COMPLETED' })).toEqual({ status: 404, body: { error: `item nope not found in annotation queue ${q}` } });
    expect((await call('DELETE', `/api/v1/annotation-queues/${q}/items/nope`)).status).toBe(404);
    expect((await call('GET', `/api/public/annotation-queues/${q}/items?status=DONE`)).status).toBe(400);
    const assign = await call('POST', `/api/public/annotation-queues/${q}/assignments`, { userId: 'u1' });
    expect(assign).toEqual({ status: 501, body: { error: expect.stringContaining('assignments need user accounts, which WatchLLM does not have') } });
    expect((await call('DELETE', `/api/public/annotation-queues/${q}/assignments`, { userId: 'u1' })).status).toBe(501);
  });

  it("WatchLLM's own API: 201 on create, items oldest first, a status reopened, 204 on delete", async () => {
    const q = (await call('POST', '/api/v1/annotation-queues', { name: 'own', description: null })).body;
    expect(q).toMatchObject({ name: 'own', description: null, scoreConfigIds: [] });
    const a = await call('POST', `/api/v1/annotation-queues/${q.id}/items`, { objectId: 'span1', objectType: 'OBSERVATION' });
    expect(a.status).toBe(201);
    await call('PATCH', `/api/v1/annotation-queues/${q.id}/items/${a.body.id}`, { status: 'COMPLETED' });
    const reopened = await call('PATCH', `/api/v1/annotation-queues/${q.id}/items/${a.body.id}`, { status: 'PENDING' });
    expect(reopened.body).toMatchObject({ status: 'PENDING', completedAt: null });
    expect((await call('GET', `/api/v1/annotation-queues/${q.id}?status=PENDING`)).body.items.map((i: { id: string }) => i.id)).toEqual([a.body.id]);
    expect(await call('DELETE', `/api/v1/annotation-queues/${q.id}/items/${a.body.id}`)).toEqual({ status: 204, body: null });
  });

  it('gives a span item its trace when the span is stored (what the UI scores it by)', async () => {
    const SPAN = 'cd'.repeat(8);
    await insertRows(call.store(), TABLES.traces, [{ Timestamp: nanosToDateTime64(`${BigInt(Date.now()) * 1_000_000n}`), TraceId: TRACE, SpanId: SPAN, SpanName: 'chat', ProjectId: 'default' }]);
    const q = (await call('POST', '/api/v1/annotation-queues', { name: 'spans', description: null })).body;
    await call('POST', `/api/v1/annotation-queues/${q.id}/items`, { objectId: SPAN, objectType: 'OBSERVATION' });
    await call('POST', `/api/v1/annotation-queues/${q.id}/items`, { objectId: 'ef'.repeat(8), objectType: 'OBSERVATION' });
    const items = (await call('GET', `/api/v1/annotation-queues/${q.id}`)).body.items;
    expect(items.map((i: { objectId: string; traceId?: string }) => [i.objectId, i.traceId])).toEqual([[SPAN, TRACE], ['ef'.repeat(8), undefined]]);
  });
});
