// The playground for the fake API: one connection; POST /api/v1/playground/chat answers a canned reply, and
// POST /api/public/v2/prompts takes the prompt saved from it as version 1.
import type { PlaygroundConnection, PlaygroundReply } from '../src/api/types.js';

export const PLAYGROUND_REPLY = 'It is 21 °C and sunny in Paris.';
const json = (status: number, body: unknown) => ({ status, type: 'application/json', body: JSON.stringify(body) });
const connections: PlaygroundConnection[] = [{ name: 'OPENAI', host: 'api.openai.com', keySet: true }];

export function createPlaygroundApi() {
  /** What the UI posted, in order: path and body. */
  const sent: { path: string; body: Record<string, unknown> }[] = [];
  return {
    sent,
    handle(method: string, url: URL, body: Record<string, unknown>) {
      const p = url.pathname;
      if (p === '/api/v1/playground/connections' && method === 'GET') return json(200, { connections });
      if (method !== 'POST' || (p !== '/api/v1/playground/chat' && p !== '/api/public/v2/prompts')) return undefined;
      sent.push({ path: p, body });
      if (p === '/api/public/v2/prompts') return json(201, { ...body, version: 1, labels: [...(body.labels as string[]), 'latest'], tags: [], commitMessage: null });
      const reply: PlaygroundReply = { output: PLAYGROUND_REPLY, finishReason: 'stop', usage: { inputTokens: 42, outputTokens: 9 }, latencyMs: 1234, model: `${String(body.model)}-2024-08-06` };
      return json(200, reply);
    },
  };
}
