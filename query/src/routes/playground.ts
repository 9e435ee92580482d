import { Hono } from 'hono';
import { ProjectBuckets } from '@watchllm/collector';
import type { AppEnv } from '../app.js';
import { parseChatRequest } from '../playground/chat-request.js';
import type { Playground } from '../playground/playground.js';
import { ApiError } from './errors.js';
import { jsonBody, limitedBody } from './json-body.js';

// A long conversation copied from a span fits; a body past this is not a prompt someone is editing by hand.
const chatBody = () => limitedBody(1024 * 1024, 'a playground call is its messages and a few parameters');

/**
 * `/api/v1/playground`: `/connections` lists the model endpoints the operator allows (no keys); `/chat` calls one
 * with the messages and parameters given and answers the reply, recording nothing.
 */
/** Calls a project may make on the operator's keys: one every 2 s sustained, 20 at once. */
export const PLAYGROUND_CALLS_PER_SECOND = 0.5;
export const PLAYGROUND_BURST = 20;

export function playgroundRoutes(playground: Playground, calls = new ProjectBuckets(PLAYGROUND_CALLS_PER_SECOND, PLAYGROUND_BURST)) {
  const app = new Hono<AppEnv>();
  app.get('/connections', (c) => c.json({ connections: playground.connections() }));
  app.post('/chat', chatBody(), async (c) => {
    const request = parseChatRequest(await jsonBody(c));
    // Every call is paid on the operator's key: a project is held to a pace, whoever holds its keys.
    const waitSeconds = calls.take(c.var.projectId, 1);
    if (waitSeconds > 0) {
      c.header('retry-after', String(Math.ceil(waitSeconds)));
      throw new ApiError(429, `project "${c.var.projectId}" made more than ${calls.burst} playground calls at once (then one every ${1 / calls.rate} s); retry in ${Math.ceil(waitSeconds)} s`);
    }
    const outcome = await playground.chat(request);
    if (outcome.ok) return c.json(outcome.reply);
    throw new ApiError(outcome.reason === 'unknown-connection' ? 400 : 502, outcome.error);
  });
  return app;
}
