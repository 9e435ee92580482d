import { beforeAll, describe, expect, it } from 'vitest';
import { insertRows, TABLES } from '@watchllm/collector';
import { migratedTestStore } from '../../test/migrated-store.js';
import { deleteSession, deleteTrace } from '../trace-deleter.js';
import { commentInput } from './comment-input.js';
import { CommentStore } from './comment-store.js';

const store = migratedTestStore('comments');
let comments: CommentStore;

beforeAll(() => {
  comments = new CommentStore(store());
});

const page = { newestFirst: false, limit: 50, offset: 0 };
const TRACE = 'ab'.repeat(16);
const SPAN = 'cd'.repeat(8);

describe('CommentStore', () => {
  it('keeps comments on an object and lists them by object, oldest or newest first; other objects and projects see none', async () => {
    const t = Date.now();
    const first = await comments.add('p', { objectType: 'TRACE', objectId: TRACE, content: 'Wrong tool picked here', author: 'ana' }, t);
    const second = await comments.add('p', { objectType: 'TRACE', objectId: TRACE, content: 'Fixed in v2' }, t + 1);
    await comments.add('p', { objectType: 'OBSERVATION', objectId: SPAN, content: 'Slow call' }, t + 2);
    expect(first).toEqual({ id: expect.any(String), objectType: 'TRACE', objectId: TRACE, content: 'Wrong tool picked here', author: 'ana', createdAtMs: t, updatedAtMs: expect.any(Number) });
    const onTrace = await comments.list('p', { ...page, objectType: 'TRACE', objectId: TRACE });
    expect(onTrace).toEqual({ total: 2, items: [expect.objectContaining({ id: first.id, author: 'ana', createdAtMs: t }), expect.objectContaining({ id: second.id, author: null, content: 'Fixed in v2' })] });
    expect((await comments.list('p', { ...page, objectType: 'TRACE', objectId: TRACE, newestFirst: true, limit: 1 })).items.map((c) => c.id)).toEqual([second.id]);
    expect((await comments.list('p', { ...page, objectType: 'TRACE', objectId: TRACE, offset: 1 })).items.map((c) => c.id)).toEqual([second.id]);
    expect((await comments.list('p', { ...page, author: 'ana' })).items.map((c) => c.id)).toEqual([first.id]);
    expect((await comments.list('p', page)).total).toBe(3);
    expect(await comments.list('other', page)).toEqual({ items: [], total: 0 });
    expect(await comments.get('p', first.id)).toEqual(first);
    expect(await comments.get('other', first.id)).toBeUndefined();
  });

  it('deletes a comment once; it is gone from reads', async () => {
    const c = await comments.add('p', { objectType: 'PROMPT', objectId: 'support/greeting', content: 'Too formal' });
    expect(await comments.remove('other', c.id)).toBe(false);
    expect(await comments.remove('p', c.id)).toBe(true);
    expect(await comments.get('p', c.id)).toBeUndefined();
    expect((await comments.list('p', { ...page, objectType: 'PROMPT', objectId: 'support/greeting' })).total).toBe(0);
    expect(await comments.remove('p', c.id)).toBe(false);
  });

  it("goes with its trace (the trace's and its spans' comments) and with its session", async () => {
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    await insertRows(store(), TABLES.traces, [{ ProjectId: 'p', TraceId: TRACE, SpanId: SPAN, Timestamp: now, SpanName: 'chat', ServiceName: 'svc' }]);
    const other = await comments.add('p', { objectType: 'TRACE', objectId: 'ef'.repeat(16), content: 'Another trace' });
    await comments.add('p', { objectType: 'SESSION', objectId: 'chat-1', content: 'Frustrated user' });
    await deleteTrace(store(), 'p', TRACE, {});
    expect((await comments.list('p', page)).items.map((c) => [c.objectType, c.objectId])).toEqual([['TRACE', other.objectId], ['SESSION', 'chat-1']]);
    await deleteSession(store(), 'p', 'chat-1');
    expect((await comments.list('p', page)).items.map((c) => c.id)).toEqual([other.id]);
  });
});

describe('commentInput', () => {
  it('names the field it refuses', () => {
    const ok = { objectType: 'SESSION', objectId: 'chat-1', content: 'Hi' };
    expect(commentInput({ ...ok, authorUserId: 'u1' }, 'authorUserId')).toEqual({ objectType: 'SESSION', objectId: 'chat-1', content: 'Hi', author: 'u1' });
    expect(() => commentInput({ ...ok, objectType: 'DATASET' }, 'author')).toThrow(/field objectType: expected one of TRACE, OBSERVATION, SESSION, PROMPT/);
    expect(() => commentInput({ ...ok, objectId: '' }, 'author')).toThrow(/field objectId/);
    expect(() => commentInput({ ...ok, content: '' }, 'author')).toThrow(/field content: expected text of 1 to 5000/);
    expect(() => commentInput({ ...ok, content: 'x'.repeat(5001) }, 'author')).toThrow(/field content/);
    expect(() => commentInput({ ...ok, author: 7 }, 'author')).toThrow(/field author/);
  });
});
