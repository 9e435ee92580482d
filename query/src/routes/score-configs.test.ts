import { describe, expect, it } from 'vitest';
import { queryAppCall } from '../../test/query-app.js';

// WatchLLM's own score configs API (what the UI's score forms and its Score configs section use), without a server.
const call = queryAppCall('score-config-v1-routes');
const names = async (query = '') => (await call('GET', `/api/v1/score-configs${query}`)).body.configs.map((c: { name: string; isArchived: boolean }) => `${c.name}${c.isArchived ? ' (archived)' : ''}`);

describe('/api/v1/score-configs', () => {
  it('creates configs as the Langfuse route does, and lists the live ones by name (archived ones too when asked)', async () => {
    const rating = await call('POST', '/api/v1/score-configs', { name: 'rating', dataType: 'NUMERIC', minValue: 1, maxValue: 5, description: 'Stars' });
    expect(rating).toEqual({
      status: 201,
      body: {
        id: expect.any(String), name: 'rating', dataType: 'NUMERIC', minValue: 1, maxValue: 5, categories: null, description: 'Stars',
        isArchived: false, createdAt: expect.any(String), updatedAt: expect.any(String),
      },
    });
    const ok = (await call('POST', '/api/v1/score-configs', { name: 'answered', dataType: 'BOOLEAN' })).body;
    expect(ok.categories).toEqual([{ label: 'True', value: 1 }, { label: 'False', value: 0 }]);
    expect((await call('GET', `/api/public/score-configs/${ok.id}`)).body).toMatchObject({ name: 'answered', isArchived: false });

    expect(await call('PATCH', `/api/v1/score-configs/${ok.id}`, { isArchived: true })).toEqual({ status: 200, body: { ...ok, isArchived: true, updatedAt: expect.any(String) } });
    expect(await names()).toEqual(['rating']);
    expect(await names('?includeArchived=true')).toEqual(['answered (archived)', 'rating']);
    // Restored, scores may name it again.
    await call('PATCH', `/api/v1/score-configs/${ok.id}`, { isArchived: false });
    expect(await names()).toEqual(['answered', 'rating']);
    expect((await call('POST', '/api/v1/evaluations', { sessionId: 'chat-1', name: 'answered', score: 1, configId: ok.id })).status).toBe(201);

    const described = await call('PATCH', `/api/v1/score-configs/${rating.body.id}`, { description: 'Stars from 1 to 5' });
    expect(described.body).toMatchObject({ name: 'rating', minValue: 1, maxValue: 5, description: 'Stars from 1 to 5', isArchived: false });
  });

  it('refuses a bad config, a change other than archiving or the description, and an unknown id, naming the problem', async () => {
    expect(await call('POST', '/api/v1/score-configs', { name: 'tone', dataType: 'CATEGORICAL' })).toEqual({ status: 400, body: { error: 'field categories: a CATEGORICAL config needs at least one category' } });
    expect((await call('POST', '/api/v1/score-configs', { name: 'a/b', dataType: 'NUMERIC' })).body.error).toMatch(/^field name: only letters/);
    const tone = (await call('POST', '/api/v1/score-configs', { name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: 'friendly', value: 1 }] })).body;
    expect(await call('PATCH', `/api/v1/score-configs/${tone.id}`, { name: 'mood' })).toEqual({ status: 400, body: { error: 'unknown field "name" (fields: isArchived, description)' } });
    expect((await call('PATCH', `/api/v1/score-configs/${tone.id}`, {})).body.error).toBe('the body changes nothing: give at least one of isArchived, description');
    expect((await call('PATCH', `/api/v1/score-configs/${tone.id}`, { isArchived: 'yes' })).body.error).toBe('field isArchived: expected true or false');
    expect(await call('PATCH', '/api/v1/score-configs/nope', { isArchived: true })).toEqual({ status: 404, body: { error: 'score config nope not found' } });
    expect((await call('GET', '/api/v1/score-configs?includeArchived=maybe')).status).toBe(400);
  });
});
