/**
 * Langfuse's comments (`/api/public/comments`): `api.comments.create`, `.get` (by object, page-numbered) and
 * `.getById` of `@langfuse/client` work against WatchLLM. The object commented on is not checked to exist (a
 * trace may still be on its way); comments are kept per project.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { commentInput, objectFilter } from '../comments/comment-input.js';
import type { Comment, CommentStore } from '../comments/comment-store.js';
import { meta, pageOf } from '../langfuse/request.js';
import { Params } from '../params.js';
import { ApiError } from './errors.js';
import { jsonBody, limitedBody } from './json-body.js';

/** A comment is at most 3000 characters; its body with the ids fits well in 64 KiB. */
export const commentBodyLimit = limitedBody(64 * 1024, 'a comment is at most 3000 characters');

/** A comment as Langfuse's Comment object. */
export type LangfuseCommentDto = ReturnType<typeof langfuseComment>;

const langfuseComment = (c: Comment, projectId: string) => ({
  id: c.id,
  projectId,
  createdAt: new Date(c.createdAtMs).toISOString(),
  updatedAt: new Date(c.updatedAtMs).toISOString(),
  objectType: c.objectType,
  objectId: c.objectId,
  content: c.content,
  authorUserId: c.author,
});

export function langfuseCommentRoutes(comments: CommentStore) {
  const app = new Hono<AppEnv>();

  // The body's projectId is Langfuse's; here the key's project is the one commented in.
  app.post('/comments', commentBodyLimit, async (c) => {
    const created = await comments.add(c.var.projectId, commentInput(await jsonBody(c), 'authorUserId'));
    return c.json({ id: created.id });
  });

  app.get('/comments', async (c) => {
    const p = new Params(c.req.url, ['page', 'limit', 'objectType', 'objectId', 'authorUserId']);
    const page = pageOf(p, 100);
    const { items, total } = await comments.list(c.var.projectId, {
      ...objectFilter(p),
      author: p.string('authorUserId', 256),
      newestFirst: true,
      limit: page.limit,
      offset: page.offset,
    });
    return c.json({ data: items.map((i) => langfuseComment(i, c.var.projectId)), meta: meta(page, total) });
  });

  app.get('/comments/:commentId', async (c) => {
    const id = c.req.param('commentId');
    const found = await comments.get(c.var.projectId, id);
    if (!found) throw new ApiError(404, `comment ${id.slice(0, 64)} not found`);
    return c.json(langfuseComment(found, c.var.projectId));
  });
  return app;
}
