/**
 * Langfuse's score configs (`/api/public/score-configs`): `api.scoreConfigs.create`, `.get` (page-numbered, newest
 * first, archived ones too), `.getById` and `.update` of `@langfuse/client` work against WatchLLM, and `DELETE`
 * archives one (Langfuse's newer API). A config is never deleted: archived, scores can no longer name it.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { meta, pageOf, timestamps } from '../langfuse/request.js';
import { Params, type TimeRange } from '../params.js';
import { changedScoreConfig, newScoreConfig, type ScoreConfig } from '../score-configs/score-config.js';
import type { ScoreConfigStore } from '../score-configs/score-config-store.js';
import { jsonBody } from './json-body.js';
import { scoreConfigBodyLimit, scoreConfigDto, scoreConfigNotFound as notFound } from './score-configs.js';

/** A config as Langfuse's ScoreConfig object. */
const langfuseScoreConfig = (c: ScoreConfig, projectId: string) => ({ ...scoreConfigDto(c), projectId });

export function langfuseScoreConfigRoutes(configs: ScoreConfigStore) {
  const app = new Hono<AppEnv>();

  app.post('/score-configs', scoreConfigBodyLimit, async (c) => c.json(langfuseScoreConfig(await configs.create(c.var.projectId, newScoreConfig(await jsonBody(c))), c.var.projectId)));

  app.get('/score-configs', async (c) => {
    const p = new Params(c.req.url, ['page', 'limit', 'fromTimestamp', 'toTimestamp']);
    const page = pageOf(p, 100);
    // Langfuse's time window on when a config was created, [from, to); none given: every config.
    const created: Partial<TimeRange> = p.string('fromTimestamp') === undefined && p.string('toTimestamp') === undefined ? {} : timestamps(p, 'fromTimestamp', 'toTimestamp');
    const { items, total } = await configs.list(c.var.projectId, {
      withArchived: true,
      createdFromMs: created.startMs,
      createdToMs: created.endMs,
      order: 'newest',
      limit: page.limit,
      offset: page.offset,
    });
    return c.json({ data: items.map((i) => langfuseScoreConfig(i, c.var.projectId)), meta: meta(page, total) });
  });

  app.get('/score-configs/:configId', async (c) => {
    new Params(c.req.url, []);
    const id = c.req.param('configId');
    const found = await configs.get(c.var.projectId, id);
    if (!found) throw notFound(id);
    return c.json(langfuseScoreConfig(found, c.var.projectId));
  });

  app.patch('/score-configs/:configId', scoreConfigBodyLimit, async (c) => {
    const id = c.req.param('configId');
    const body = await jsonBody(c);
    const changed = await configs.update(c.var.projectId, id, (current) => changedScoreConfig(current, body));
    if (!changed) throw notFound(id);
    return c.json(langfuseScoreConfig(changed, c.var.projectId));
  });

  // Archiving again is no change (as Langfuse's): the same answer.
  app.delete('/score-configs/:configId', async (c) => {
    const id = c.req.param('configId');
    const archived = await configs.update(c.var.projectId, id, (current) => (current.isArchived ? current : { ...current, isArchived: true }));
    if (!archived) throw notFound(id);
    return c.json({ message: 'Score config successfully archived' });
  });
  return app;
}
