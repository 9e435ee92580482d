import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ProjectBuckets } from '@watchllm/collector';
import type { AppEnv } from '../app.js';
import type { Playground } from '../playground/playground.js';
import { errorResponse } from './errors.js';
import { playgroundRoutes } from './playground.js';

const playground: Playground = {
  connections: () => [],
  chat: async () => ({ ok: true, reply: { output: 'hi', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1 }, latencyMs: 1, model: 'm' } }),
};

function app(projectOf: () => string) {
  const a = new Hono<AppEnv>();
  a.onError((err, c) => errorResponse(c, err));
  a.use('*', async (c, next) => {
    c.set('projectId', projectOf());
    await next();
  });
  a.route('/', playgroundRoutes(playground, new ProjectBuckets(0.1, 2)));
  return a;
}

describe('playground routes', () => {
  it('hold a project to its pace of calls on the operator\'s keys, with Retry-After', async () => {
    let project = 'p';
    const a = app(() => project);
    const call = () => a.request('/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ connection: 'OPENAI', model: 'm', messages: [{ role: 'user', content: 'hi' }] }) });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const refused = await call();
    expect([refused.status, refused.headers.get('retry-after'), (await refused.json()).error]).toEqual([429, '10', expect.stringMatching(/^project "p" made more than 2 playground calls at once/)]);
    project = 'other';
    expect((await call()).status).toBe(200);
  });
});
