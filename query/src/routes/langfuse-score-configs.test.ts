import { describe, expect, it } from 'vitest';
import { queryAppCall } from '../../test/query-app.js';

// Score configs and the scores that name them, through the API (no server): the project is "default".
const call = queryAppCall('score-config-routes');

describe('score configs API', () => {
  it('creates, lists (newest first, archived too), gets, changes and archives configs; the UI list has live ones by name', async () => {
    const accuracy = await call('POST', '/api/public/score-configs', { name: 'accuracy', dataType: 'NUMERIC', minValue: 0, maxValue: 1 });
    expect(accuracy).toEqual({
      status: 200,
      body: {
        id: expect.any(String), name: 'accuracy', dataType: 'NUMERIC', minValue: 0, maxValue: 1, categories: null, description: null,
        isArchived: false, projectId: 'default', createdAt: expect.any(String), updatedAt: expect.any(String),
      },
    });
    const correct = (await call('POST', '/api/public/score-configs', { name: 'correct', dataType: 'BOOLEAN', description: 'Right answer?' })).body;
    expect(correct.categories).toEqual([{ label: 'True', value: 1 }, { label: 'False', value: 0 }]);
    expect((await call('GET', '/api/public/score-configs?limit=1')).body).toEqual({ data: [correct], meta: { page: 1, limit: 1, totalItems: 2, totalPages: 2 } });
    expect((await call('GET', `/api/public/score-configs/${accuracy.body.id}`)).body).toEqual(accuracy.body);

    const changed = await call('PATCH', `/api/public/score-configs/${accuracy.body.id}`, { maxValue: 10, description: 'out of 10' });
    expect(changed.body).toMatchObject({ maxValue: 10, description: 'out of 10', minValue: 0 });
    expect(await call('DELETE', `/api/public/score-configs/${correct.id}`)).toEqual({ status: 200, body: { message: 'Score config successfully archived' } });
    expect((await call('GET', `/api/public/score-configs/${correct.id}`)).body.isArchived).toBe(true);
    expect((await call('GET', '/api/public/score-configs')).body.meta.totalItems).toBe(2);
    const { projectId: _, ...live } = changed.body;
    expect((await call('GET', '/api/v1/score-configs')).body).toEqual({ configs: [live] });
  });

  it('refuses a bad config or change naming the field, and an unknown id with 404', async () => {
    expect(await call('POST', '/api/public/score-configs', { dataType: 'NUMERIC' })).toEqual({ status: 400, body: { error: 'field name: required: a non-empty string' } });
    expect((await call('POST', '/api/public/score-configs', { name: 'x', dataType: 'CATEGORICAL', categories: [{ label: 'a', value: 1 }, { label: 'a', value: 2 }] })).body.error).toMatch(/duplicate label "a"/);
    expect((await call('PATCH', '/api/public/score-configs/nope', { isArchived: true })).status).toBe(404);
    expect((await call('GET', '/api/public/score-configs/nope')).body).toEqual({ error: 'score config nope not found' });
    expect((await call('DELETE', '/api/public/score-configs/nope')).status).toBe(404);
    expect((await call('GET', '/api/public/score-configs?page=0')).status).toBe(400);
  });

  it('checks scores naming a config, keeps the config with them and shows it on the scores read back', async () => {
    const tone = (await call('POST', '/api/public/score-configs', { name: 'tone', dataType: 'CATEGORICAL', categories: [{ label: 'friendly', value: 1 }, { label: 'rude', value: -1 }] })).body;
    const rating = (await call('POST', '/api/public/score-configs', { name: 'rating', dataType: 'NUMERIC', minValue: 1, maxValue: 5 })).body;
    const given = await call('POST', '/api/public/scores', { sessionId: 'chat-1', name: 'tone', value: 'rude', configId: tone.id });
    expect(given.status).toBe(200);
    const { data } = (await call('GET', `/api/public/v2/scores?configId=${tone.id}`)).body;
    expect(data).toEqual([expect.objectContaining({ id: given.body.id, sessionId: 'chat-1', name: 'tone', value: -1, stringValue: 'rude', dataType: 'CATEGORICAL', configId: tone.id })]);

    expect(await call('POST', '/api/public/scores', { sessionId: 'chat-1', name: 'rating', value: 6, configId: rating.id })).toEqual({
      status: 400,
      body: { error: 'field value: 6 is above the maximum 5 of score config "rating"' },
    });
    expect((await call('POST', '/api/public/scores', { sessionId: 'chat-1', name: 'tone', value: 'meh', configId: tone.id })).body.error).toMatch(/"meh" is not a category of score config "tone"/);
    expect((await call('POST', '/api/public/scores', { sessionId: 'chat-1', name: 'x', value: 1, configId: 'nope' })).status).toBe(404);
    const batch = await call('POST', '/api/public/ingestion', {
      batch: [
        { id: 'e1', type: 'score-create', timestamp: new Date().toISOString(), body: { sessionId: 'chat-2', name: 'rating', value: 5, configId: rating.id } },
        { id: 'e2', type: 'score-create', timestamp: new Date().toISOString(), body: { sessionId: 'chat-2', name: 'rating', value: 0, configId: rating.id } },
      ],
    });
    expect(batch.body).toEqual({ successes: [{ id: 'e1', status: 201 }], errors: [{ id: 'e2', status: 400, message: 'field value: 0 is below the minimum 1 of score config "rating"' }] });

    // WatchLLM's own score form: the config's name; a score given by label.
    const own = await call('POST', '/api/v1/evaluations', { sessionId: 'chat-3', name: 'tone', label: 'friendly', configId: tone.id });
    expect(own).toEqual({ status: 201, body: expect.objectContaining({ name: 'tone', score: null, label: 'friendly', configId: tone.id }) });
    expect((await call('GET', `/api/public/v2/scores?configId=${rating.id}`)).body.data.map((s: { value: number }) => s.value)).toEqual([5]);

    await call('PATCH', `/api/public/score-configs/${tone.id}`, { isArchived: true });
    expect((await call('POST', '/api/v1/evaluations', { sessionId: 'chat-3', name: 'tone', label: 'rude', configId: tone.id })).body.error).toMatch(/field configId: score config "tone" is archived/);
  });

  it('keeps TEXT and CORRECTION scores on sessions typed, filters by them, and does not count their text as labels', async () => {
    const text = await call('POST', '/api/public/scores', { sessionId: 'chat-9', name: 'feedback', value: 'Answered in time.', dataType: 'TEXT' });
    expect(text.status).toBe(200);
    await call('POST', '/api/public/scores', { sessionId: 'chat-9', name: 'feedback', value: 'good', dataType: 'CATEGORICAL' });
    const own = await call('POST', '/api/v1/evaluations', { sessionId: 'chat-9', name: 'fix', label: 'Say "Q3", not "Q2".', dataType: 'CORRECTION' });
    expect(own).toEqual({ status: 201, body: expect.objectContaining({ label: 'Say "Q3", not "Q2".', dataType: 'CORRECTION', score: null }) });

    const typed = async (dataType: string) => (await call('GET', `/api/public/v2/scores?sessionId=chat-9&dataType=${dataType}`)).body.data.map((x: { name: string; stringValue: string; dataType: string }) => [x.name, x.stringValue, x.dataType]);
    expect(await typed('TEXT')).toEqual([['feedback', 'Answered in time.', 'TEXT']]);
    expect(await typed('CORRECTION')).toEqual([['fix', 'Say "Q3", not "Q2".', 'CORRECTION']]);
    expect(await typed('CATEGORICAL')).toEqual([['feedback', 'good', 'CATEGORICAL']]);
    const { rows } = (await call('GET', '/api/v1/evaluations?name=feedback')).body;
    expect(rows).toEqual([expect.objectContaining({ name: 'feedback', count: 2, labels: { good: 1 } })]);
  });
});
