/**
 * WatchLLM's own score configs API: the project's configs by name (live ones for the UI's score forms, archived ones
 * too for the page that manages them), a new config, and archiving or restoring one or changing its description.
 * A config is checked as Langfuse's route checks it (score-configs/score-config.ts).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { Params } from '../params.js';
import { changedScoreConfig, newScoreConfig, type ScoreConfig, type ScoreConfigFields } from '../score-configs/score-config.js';
import type { ScoreConfigStore } from '../score-configs/score-config-store.js';
import { ApiError } from './errors.js';
import { jsonBody, limitedBody } from './json-body.js';

/** More configs than a project has: a form lists them all. */
const MAX_LIST = 1000;

/** What WatchLLM's PATCH changes (Langfuse's changes the name, bounds and categories too). */
const CHANGEABLE = ['isArchived', 'description'] as const;

export interface ScoreConfigDto extends ScoreConfigFields {
  id: string;
  /** Scores can no longer name it; it is kept (a config is never deleted) and may be restored. */
  isArchived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ScoreConfigListDto {
  configs: ScoreConfigDto[];
}

/** A config is a name, a few numbers and up to 100 categories. */
export const scoreConfigBodyLimit = limitedBody(64 * 1024, 'a score config has at most 100 categories');

export const scoreConfigNotFound = (id: string) => new ApiError(404, `score config ${id.slice(0, 64)} not found`);

/** A config as WatchLLM's API shows it (Langfuse's adds its project). */
export const scoreConfigDto = (c: ScoreConfig): ScoreConfigDto => ({
  id: c.id,
  name: c.name,
  dataType: c.dataType,
  minValue: c.minValue,
  maxValue: c.maxValue,
  categories: c.categories,
  description: c.description,
  isArchived: c.isArchived,
  createdAt: new Date(c.createdAtMs).toISOString(),
  updatedAt: new Date(c.updatedAtMs).toISOString(),
});

export function scoreConfigRoutes(configs: ScoreConfigStore) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const p = new Params(c.req.url, ['includeArchived']);
    const withArchived = p.oneOf('includeArchived', ['true', 'false']) === 'true';
    const { items } = await configs.list(c.var.projectId, { withArchived, order: 'name', limit: MAX_LIST, offset: 0 });
    const list: ScoreConfigListDto = { configs: items.map(scoreConfigDto) };
    return c.json(list);
  });

  app.post('/', scoreConfigBodyLimit, async (c) => c.json(scoreConfigDto(await configs.create(c.var.projectId, newScoreConfig(await jsonBody(c)))), 201));

  app.patch('/:configId', scoreConfigBodyLimit, async (c) => {
    const id = c.req.param('configId');
    const body = await jsonBody(c);
    const changed = await configs.update(c.var.projectId, id, (current) => changedScoreConfig(current, body, CHANGEABLE));
    if (!changed) throw scoreConfigNotFound(id);
    return c.json(scoreConfigDto(changed));
  });
  return app;
}
