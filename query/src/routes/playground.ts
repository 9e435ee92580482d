import { Hono } from 'hono';
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
export function playgroundRoutes(playground: Playground) {
  const app = new Hono<AppEnv>();
  app.get('/connections', (c) => c.json({ connections: playground.connections() }));
  app.post('/chat', chatBody(), async (c) => {
    const outcome = await playground.chat(parseChatRequest(await jsonBody(c)));
    if (outcome.ok) return c.json(outcome.reply);
    throw new ApiError(outcome.reason === 'unknown-connection' ? 400 : 502, outcome.error);
  });
  return app;
}
