import { beforeAll, describe, expect, it } from 'vitest';
import { migratedTestStore } from '../test/migrated-store.js';
import { EvaluationReader } from './reader/evaluation-reader.js';
import { SessionScoreStore, summarizeScores, type SessionScore } from './session-scores.js';
import { deleteSession } from './trace-deleter.js';

const store = migratedTestStore('session-scores');
let scores: SessionScoreStore;
let evaluations: EvaluationReader;

beforeAll(() => {
  scores = new SessionScoreStore(store());
  evaluations = new EvaluationReader(store());
});

const all = { startMs: 0, endMs: Date.now() + 86_400_000, limit: 50, offset: 0 };

describe('SessionScoreStore', () => {
  it('keeps scores on a session and reads them back by session, oldest first; other sessions and projects see none', async () => {
    const t = Date.now();
    const thumbs = await scores.add('p', { sessionId: 'chat-1', name: 'satisfaction', score: 1, label: 'thumbs_up', author: 'ana' }, t);
    const note = await scores.add('p', { sessionId: 'chat-1', name: 'resolved', label: 'yes', explanation: 'fixed in one go' }, t + 1);
    await scores.add('p', { sessionId: 'chat-2', name: 'satisfaction', score: 0 }, t + 2);
    expect(thumbs).toEqual({ sessionId: 'chat-1', id: expect.stringMatching(/^[0-9a-f]{16}$/), name: 'satisfaction', score: 1, label: 'thumbs_up', explanation: null, author: 'ana', timeUnixNano: `${t}000000` });
    const read = await scores.ofSessions('p', ['chat-1']);
    expect(read.get('chat-1')).toEqual([
      { id: thumbs.id, name: 'satisfaction', score: 1, label: 'thumbs_up', explanation: null, author: 'ana', timeUnixNano: `${t}000000` },
      { id: note.id, name: 'resolved', score: null, label: 'yes', explanation: 'fixed in one go', author: null, timeUnixNano: `${t + 1}000000` },
    ]);
    expect((await scores.ofSessions('other', ['chat-1'])).size).toBe(0);
    expect((await scores.summaries('p', ['chat-1', 'chat-2', 'chat-3'])).get('chat-2')).toEqual([{ name: 'satisfaction', count: 1, avgScore: 0, label: null }]);
  });

  it('keeps a score sent again under the same client id once, and withdraws a score once', async () => {
    const first = await scores.add('p', { sessionId: 'chat-3', name: 'csat', score: 4 }, Date.now(), 'client-id-1');
    const again = await scores.add('p', { sessionId: 'chat-3', name: 'csat', score: 4 }, Date.now(), 'client-id-1');
    expect(again.id).toBe(first.id);
    expect((await scores.ofSessions('p', ['chat-3'])).get('chat-3')).toHaveLength(1);
    expect(await scores.withdraw('p', 'chat-3', first.id)).toBe(true);
    expect((await scores.ofSessions('p', ['chat-3'])).get('chat-3')).toBeUndefined();
    expect(await scores.withdraw('p', 'chat-3', first.id)).toBe(false);
    expect(await scores.withdraw('p', 'chat-1', 'ffffffffffffffff')).toBe(false);
    // The same client id sent after the withdrawal (an SDK's retry) does not bring it back.
    await scores.add('p', { sessionId: 'chat-3', name: 'csat', score: 4 }, Date.now(), 'client-id-1');
    expect((await scores.ofSessions('p', ['chat-3'])).get('chat-3')).toBeUndefined();
  });

  it("shows in the evaluation reads: the score list (by session too, no trace), the summaries by name; not a trace's scores", async () => {
    const { items } = await evaluations.list({ projectId: 'p', ...all, sessionIds: ['chat-1'] });
    expect(items.map((s) => [s.name, s.score, s.label, s.traceId, s.spanId, s.sessionId]).sort()).toEqual([
      ['resolved', null, 'yes', '', '', 'chat-1'],
      ['satisfaction', 1, 'thumbs_up', '', '', 'chat-1'],
    ]);
    expect((await evaluations.list({ projectId: 'p', ...all })).total).toBe(3);
    expect((await evaluations.list({ projectId: 'p', ...all, traceIds: ['ab'.repeat(16)] })).total).toBe(0);
    expect((await evaluations.list({ projectId: 'p', ...all, ids: [items[0].id] })).items.map((s) => s.id)).toEqual([items[0].id]);
    const summary = await evaluations.summary({ projectId: 'p', startMs: 0, endMs: all.endMs }, 'name');
    expect(summary.find((s) => s.name === 'satisfaction')).toEqual({ name: 'satisfaction', model: null, count: 2, scored: 2, avgScore: 0.5, minScore: 0, maxScore: 1, labels: { thumbs_up: 1 } });
    // Narrowed to a service: session scores have none.
    expect(await evaluations.summary({ projectId: 'p', startMs: 0, endMs: all.endMs, service: 'rag' }, 'name')).toEqual([]);
    expect((await evaluations.byTrace('p', 0, ['ab'.repeat(16)])).size).toBe(0);
  });

  it('goes with its session when the session is erased', async () => {
    await deleteSession(store(), 'p', 'chat-1');
    expect((await scores.ofSessions('p', ['chat-1', 'chat-2'])).has('chat-1')).toBe(false);
    expect((await scores.ofSessions('p', ['chat-2'])).get('chat-2')).toHaveLength(1);
  });
});

describe('summarizeScores', () => {
  const s = (name: string, score: number | null, label: string | null): SessionScore => ({ id: '', name, score, label, explanation: null, author: null, timeUnixNano: '0' });
  it('counts each name, averages its numbers and picks its commonest label', () => {
    expect(summarizeScores([s('b', 1, 'up'), s('a', null, 'x'), s('b', 0, 'down'), s('b', null, 'down')])).toEqual([
      { name: 'a', count: 1, avgScore: null, label: 'x' },
      { name: 'b', count: 3, avgScore: 0.5, label: 'down' },
    ]);
  });
});
