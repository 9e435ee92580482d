import { Hono } from 'hono';
import type { Store } from '@watchllm/collector';
import type { AppEnv } from '../app.js';
import { Params } from '../params.js';
import { promptName } from '../prompts/prompt-input.js';
import { promptUsage, type PromptVersionUsage } from '../prompts/prompt-usage-reader.js';
import { DAY_MS } from '../reader/query.js';

export interface PromptUsageDto {
  name: string;
  startMs: number;
  endMs: number;
  versions: PromptVersionUsage[];
}

/** `GET /api/v1/prompts/{name}/usage`: per version of a prompt, the calls made from it (count, errors, latency, tokens, cost). */
export function promptRoutes(store: Store) {
  const app = new Hono<AppEnv>();
  app.get('/:name/usage', async (c) => {
    const p = new Params(c.req.url, ['start', 'end']);
    const name = promptName(c.req.param('name'), 'name');
    const { startMs, endMs } = p.timeRange(30 * DAY_MS);
    const usage: PromptUsageDto = { name, startMs, endMs, versions: await promptUsage(store, { projectId: c.var.projectId, name, startMs, endMs }) };
    return c.json(usage);
  });
  return app;
}
