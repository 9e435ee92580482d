/**
 * Langfuse's prompt management (`/api/public/v2/prompts`), so an app that fetches its prompts with a
 * Langfuse SDK (`langfuse.prompt.get("support-agent")`, by label or version, with the SDK's cache)
 * works against WatchLLM unchanged, and scripts that create versions and move labels keep working:
 * create a version, read one (label "production" by default; "latest" is the newest), list prompts,
 * set a version's labels, delete versions.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { meta, pageOf } from '../langfuse/request.js';
import { Params } from '../params.js';
import { newPromptVersion, promptLabels, promptName } from '../prompts/prompt-input.js';
import { resolveReferences, UnresolvableReference } from '../prompts/prompt-references.js';
import { isNewest, LATEST, pickVersion, PromptConflict, promptVersionId, type PromptStore, type PromptVersion } from '../prompts/prompt-store.js';
import { ApiError } from './errors.js';
import { jsonBody, limitedBody } from './json-body.js';

/** A prompt's text or messages: a big system prompt is tens of KiB; past 1 MiB is not a prompt. */
const promptBodyLimit = limitedBody(1024 * 1024, 'a prompt version, its messages and config, must fit in 1 MiB');

/** A version as Langfuse's Prompt object; the newest also carries "latest". */
export type LangfusePromptDto = ReturnType<typeof langfusePrompt>;

/** A prompt as Langfuse's prompt list shows it. */
export interface LangfusePromptMetaDto {
  name: string;
  type: 'text' | 'chat';
  versions: number[];
  labels: string[];
  tags: string[];
  lastUpdatedAt: string;
  lastConfig: unknown;
}

export interface LangfusePromptListDto {
  data: LangfusePromptMetaDto[];
  meta: { page: number; limit: number; totalItems: number; totalPages: number };
}

function langfusePrompt(v: PromptVersion, projectId: string, newest: boolean) {
  return {
    id: promptVersionId(projectId, v.name, v.version),
    name: v.name,
    version: v.version,
    type: v.type,
    prompt: v.prompt,
    config: v.config,
    labels: newest ? [...v.labels, LATEST] : v.labels,
    tags: v.tags,
    commitMessage: v.commitMessage || null,
    resolutionGraph: null,
    projectId,
    createdBy: 'API',
    createdAt: new Date(v.createdAtMs).toISOString(),
    updatedAt: new Date(v.updatedAtMs).toISOString(),
  };
}

const versionParam = (raw: string | undefined, field: string): number | undefined => {
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw new ApiError(400, `parameter ${field}: expected a version number (1, 2, …)`);
  return Number(raw);
};

export function langfusePromptRoutes(prompts: PromptStore) {
  const app = new Hono<AppEnv>();
  const notFound = (name: string, which: string) => new ApiError(404, `prompt ${name.slice(0, 128)}${which} not found`);

  const versionsOf = (projectId: string) => (name: string) => prompts.versions(projectId, name);

  app.post('/v2/prompts', promptBodyLimit, async (c) => {
    const input = newPromptVersion(await jsonBody(c));
    // References must resolve now (a reference to itself is a cycle), as Langfuse checks on create.
    await resolveReferences(input.prompt, versionsOf(c.var.projectId), [input.name]).catch((err: unknown) => {
      throw err instanceof UnresolvableReference ? new ApiError(400, `field prompt: ${err.message}`) : err;
    });
    try {
      const created = await prompts.create(c.var.projectId, input);
      return c.json(langfusePrompt(created, c.var.projectId, true), 201);
    } catch (err) {
      if (err instanceof PromptConflict) throw new ApiError(409, err.message);
      throw err;
    }
  });

  app.get('/v2/prompts', async (c) => {
    const p = new Params(c.req.url, ['name', 'label', 'tag', 'page', 'limit', 'fromUpdatedAt', 'toUpdatedAt']);
    const page = pageOf(p, 100);
    const { items, total } = await prompts.list(c.var.projectId, {
      name: p.string('name', 256),
      label: p.string('label', 64),
      tag: p.string('tag', 128),
      fromUpdatedMs: p.time('fromUpdatedAt'),
      toUpdatedMs: p.time('toUpdatedAt'),
      limit: page.limit,
      offset: page.offset,
    });
    const data = items.map((s): LangfusePromptMetaDto => ({
      name: s.name,
      type: s.type,
      versions: s.versions,
      labels: s.labels,
      tags: s.tags,
      lastUpdatedAt: new Date(s.lastUpdatedAtMs).toISOString(),
      lastConfig: s.lastConfig,
    }));
    const list: LangfusePromptListDto = { data, meta: meta(page, total) };
    return c.json(list);
  });

  app.get('/v2/prompts/:name', async (c) => {
    const p = new Params(c.req.url, ['version', 'label', 'resolve']);
    const name = promptName(c.req.param('name'), 'promptName');
    const version = versionParam(p.string('version', 16), 'version');
    const label = p.string('label', 64);
    if (version !== undefined && label !== undefined) throw new ApiError(400, 'parameter version: give a version or a label, not both');
    const all = await prompts.versions(c.var.projectId, name);
    const found = pickVersion(all, { version, label });
    if (!found) throw notFound(name, version !== undefined ? ` version ${version}` : ` with label ${label ?? 'production'}`);
    const raw = p.string('resolve', 8) === 'false';
    const prompt = raw
      ? found.prompt
      : await resolveReferences(found.prompt, versionsOf(c.var.projectId), [name]).catch((err: unknown) => {
          if (err instanceof UnresolvableReference) throw new ApiError(err.missing ? 404 : 400, `prompt ${name} version ${found.version}: ${err.message}`);
          throw err;
        });
    return c.json(langfusePrompt({ ...found, prompt }, c.var.projectId, isNewest(all, found)));
  });

  app.patch('/v2/prompts/:name/versions/:version', promptBodyLimit, async (c) => {
    const name = promptName(c.req.param('name'), 'promptName');
    const version = versionParam(c.req.param('version'), 'version')!;
    const body = (await jsonBody(c)) as { newLabels?: unknown } | null;
    if (!Array.isArray(body?.newLabels)) throw new ApiError(400, 'field newLabels: expected a list of labels');
    const updated = await prompts.setLabels(c.var.projectId, name, version, promptLabels(body.newLabels, 'newLabels'));
    if (!updated) throw notFound(name, ` version ${version}`);
    return c.json(langfusePrompt(updated, c.var.projectId, isNewest(await prompts.versions(c.var.projectId, name), updated)));
  });

  app.delete('/v2/prompts/:name', async (c) => {
    const p = new Params(c.req.url, ['version', 'label']);
    const name = promptName(c.req.param('name'), 'promptName');
    const version = versionParam(p.string('version', 16), 'version');
    const label = p.string('label', 64);
    const deleted = await prompts.remove(c.var.projectId, name, { version, label });
    if (deleted === 0) throw notFound(name, version !== undefined ? ` version ${version}` : label !== undefined ? ` with label ${label}` : '');
    return c.body(null, 204);
  });
  return app;
}
