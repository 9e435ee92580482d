/** WatchLLM's own score configs API: the project's live configs, what the UI's score forms offer. */
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { Params } from '../params.js';
import type { ScoreConfig, ScoreConfigFields } from '../score-configs/score-config.js';
import type { ScoreConfigStore } from '../score-configs/score-config-store.js';

/** More configs than a project has: a form lists them all. */
const MAX_LIST = 1000;

export interface ScoreConfigDto extends ScoreConfigFields {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export interface ScoreConfigListDto {
  configs: ScoreConfigDto[];
}

/** A config as WatchLLM's API shows it (Langfuse's adds its project and whether it is archived). */
export const scoreConfigDto = (c: ScoreConfig): ScoreConfigDto => ({
  id: c.id,
  name: c.name,
  dataType: c.dataType,
  minValue: c.minValue,
  maxValue: c.maxValue,
  categories: c.categories,
  description: c.description,
  createdAt: new Date(c.createdAtMs).toISOString(),
  updatedAt: new Date(c.updatedAtMs).toISOString(),
});

export function scoreConfigRoutes(configs: ScoreConfigStore) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    new Params(c.req.url, []);
    const { items } = await configs.list(c.var.projectId, { withArchived: false, order: 'name', limit: MAX_LIST, offset: 0 });
    const list: ScoreConfigListDto = { configs: items.map(scoreConfigDto) };
    return c.json(list);
  });
  return app;
}
