// Comments as a Langfuse user leaves them: the real Langfuse client (@langfuse/client) creates comments on a trace,
// an observation, a session and a prompt, lists them by object and reads one by id, against `watchllm start` with
// auth on; another project's key sees none, and erasing the trace erases its comments and its spans'.
import { describe, expect, it } from 'vitest';
import { langfuseProjects, sendOneSpanTrace } from './langfuse-projects.js';

const projects = langfuseProjects('comments');

const TRACE = '5a'.repeat(16);
const SPAN = '6b'.repeat(8);

describe('Langfuse comments through its client', () => {
  const langfuse = () => projects().langfuse;
  const elsewhere = () => projects().elsewhere;
  it('creates comments on a trace, an observation, a session and a prompt; lists them by object, newest first; reads one by id', async () => {
    const first = await langfuse().api.comments.create({ projectId: 'comments', objectType: 'TRACE', objectId: TRACE, content: 'The agent picked the wrong tool', authorUserId: 'ana' });
    expect(first).toEqual({ id: expect.any(String) });
    const second = await langfuse().api.comments.create({ projectId: 'comments', objectType: 'TRACE', objectId: TRACE, content: 'Fixed by the **v2** prompt' });
    await langfuse().api.comments.create({ projectId: 'comments', objectType: 'OBSERVATION', objectId: SPAN, content: 'Slow retrieval' });
    await langfuse().api.comments.create({ projectId: 'comments', objectType: 'SESSION', objectId: 'chat-1', content: 'User gave up' });
    await langfuse().api.comments.create({ projectId: 'comments', objectType: 'PROMPT', objectId: 'support/greeting', content: 'Too formal' });

    const onTrace = await langfuse().api.comments.get({ objectType: 'TRACE', objectId: TRACE });
    expect(onTrace.meta).toEqual({ page: 1, limit: 50, totalItems: 2, totalPages: 1 });
    expect(onTrace.data.map((c) => c.id)).toEqual([second.id, first.id]);
    const byId = await langfuse().api.comments.getById(first.id);
    expect(byId).toEqual({ id: first.id, projectId: 'comments', objectType: 'TRACE', objectId: TRACE, content: 'The agent picked the wrong tool', authorUserId: 'ana', createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect(Date.now() - Date.parse(byId.createdAt)).toBeLessThan(60_000);
    expect((await langfuse().api.comments.get({ page: 2, limit: 1, objectType: 'TRACE', objectId: TRACE })).data.map((c) => c.id)).toEqual([first.id]);
    expect((await langfuse().api.comments.get({ objectType: 'SESSION', objectId: 'chat-1' })).data.map((c) => c.content)).toEqual(['User gave up']);
    expect((await langfuse().api.comments.get({})).meta.totalItems).toBe(5);
  });

  it('refuses a comment naming the field, and answers 404 naming an unknown id', async () => {
    await expect(langfuse().api.comments.create({ projectId: 'comments', objectType: 'DATASET', objectId: 'x', content: 'Hi' })).rejects.toThrow(/objectType/);
    await expect(langfuse().api.comments.create({ projectId: 'comments', objectType: 'TRACE', objectId: TRACE, content: '' })).rejects.toThrow(/content/);
    await expect(langfuse().api.comments.create({ projectId: 'comments', objectType: 'TRACE', objectId: TRACE, content: 'x'.repeat(5001) })).rejects.toThrow(/content/);
    await expect(langfuse().api.comments.get({ objectId: TRACE })).rejects.toThrow(/objectType/);
    await expect(langfuse().api.comments.getById('no-such-comment')).rejects.toThrow(/comment no-such-comment not found/);
  });

  it("serves the UI's own API: lists oldest first, adds with an author, deletes once", async () => {
    const api = (path: string, init: RequestInit = {}) => fetch(`${projects().p.api}${path}`, { ...init, headers: { authorization: `Bearer ${projects().key}`, 'content-type': 'application/json' } });
    const added = await api('/api/v1/comments', { method: 'POST', body: JSON.stringify({ objectType: 'SESSION', objectId: 'chat-1', content: 'Escalated', author: 'ben' }) });
    expect(added.status).toBe(201);
    const comment = await added.json();
    expect(comment).toEqual({ id: expect.any(String), objectType: 'SESSION', objectId: 'chat-1', content: 'Escalated', author: 'ben', createdAt: expect.any(String) });
    const list = await (await api('/api/v1/comments?objectType=SESSION&objectId=chat-1')).json();
    expect(list.comments.map((c: { content: string }) => c.content)).toEqual(['User gave up', 'Escalated']);
    expect((await api(`/api/v1/comments/${comment.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/v1/comments/${comment.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api('/api/v1/comments', { method: 'POST', body: JSON.stringify({ objectType: 'SESSION', objectId: 'chat-1', content: ' ' }) })).status).toBe(400);
  });

  it("shows another project's key none of them", async () => {
    const { data } = await langfuse().api.comments.get({ objectType: 'TRACE', objectId: TRACE });
    expect((await elsewhere().api.comments.get({ objectType: 'TRACE', objectId: TRACE })).data).toEqual([]);
    expect((await elsewhere().api.comments.get({})).meta.totalItems).toBe(0);
    await expect(elsewhere().api.comments.getById(data[0].id)).rejects.toThrow(/not found/);
  });

  it("erases the trace's comments and its spans' with the trace; the session's stay", async () => {
    await sendOneSpanTrace(projects(), TRACE, SPAN, 'retrieve');
    await langfuse().api.trace.delete(TRACE);
    expect((await langfuse().api.comments.get({ objectType: 'TRACE', objectId: TRACE })).data).toEqual([]);
    expect((await langfuse().api.comments.get({ objectType: 'OBSERVATION', objectId: SPAN })).data).toEqual([]);
    expect((await langfuse().api.comments.get({})).data.map((c) => c.objectType).sort()).toEqual(['PROMPT', 'SESSION']);
  });
});
