/** WatchLLM's own comments API, what the UI's comment boxes on traces, spans and sessions use. */
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';
import { commentInput, objectFilter } from '../comments/comment-input.js';
import type { Comment, CommentStore } from '../comments/comment-store.js';
import { Params } from '../params.js';
import { ApiError } from './errors.js';
import { jsonBody } from './json-body.js';
import { commentBodyLimit } from './langfuse-comments.js';

/** The most comments a list answers (an object has a handful; a project's all, the first page). */
const MAX_LIST = 1000;

export interface CommentDto {
  id: string;
  objectType: Comment['objectType'];
  objectId: string;
  content: string;
  author: string | null;
  createdAt: string;
}

export interface CommentListDto {
  comments: CommentDto[];
  total: number;
}

const toDto = (c: Comment): CommentDto => ({ id: c.id, objectType: c.objectType, objectId: c.objectId, content: c.content, author: c.author, createdAt: new Date(c.createdAtMs).toISOString() });

export function commentRoutes(comments: CommentStore) {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const p = new Params(c.req.url, ['objectType', 'objectId', 'limit']);
    const { items, total } = await comments.list(c.var.projectId, {
      ...objectFilter(p),
      newestFirst: false,
      limit: p.limit(MAX_LIST, MAX_LIST),
      offset: 0,
    });
    const list: CommentListDto = { comments: items.map(toDto), total };
    return c.json(list);
  });

  app.post('/', commentBodyLimit, async (c) => c.json(toDto(await comments.add(c.var.projectId, commentInput(await jsonBody(c), 'author'))), 201));

  app.delete('/:commentId', async (c) => {
    const id = c.req.param('commentId');
    if (!(await comments.remove(c.var.projectId, id))) throw new ApiError(404, `comment ${id.slice(0, 64)} not found`);
    return c.body(null, 204);
  });
  return app;
}
