// Comments for the fake API: one by someone else on the weather trace; POST /api/v1/comments adds, DELETE removes.
import type { Comment } from '../src/api/types.js';
import { NOW, WEATHER_TRACE_ID } from './fixtures.js';

const json = (status: number, body: unknown) => ({ status, type: 'application/json', body: JSON.stringify(body) });

export const OTHERS_COMMENT = 'The second tool call looks redundant';

export function createCommentsApi() {
  let comments: Comment[] = [{ id: 'c-1', objectType: 'TRACE', objectId: WEATHER_TRACE_ID, content: OTHERS_COMMENT, author: 'ben', createdAt: new Date(NOW).toISOString() }];
  const posts: Record<string, unknown>[] = [];
  let next = 2;
  return {
    posts,
    handle(method: string, url: URL, body: Record<string, unknown>) {
      if (url.pathname === '/api/v1/comments' && method === 'GET') {
        const of = comments.filter((c) => c.objectType === url.searchParams.get('objectType') && c.objectId === url.searchParams.get('objectId'));
        return json(200, { comments: of, total: of.length });
      }
      if (url.pathname === '/api/v1/comments' && method === 'POST') {
        posts.push(body);
        const c = { id: `c-${next++}`, objectType: body.objectType, objectId: String(body.objectId), content: String(body.content), author: typeof body.author === 'string' ? body.author : null, createdAt: new Date().toISOString() } as Comment;
        comments.push(c);
        return json(201, c);
      }
      const m = url.pathname.match(/^\/api\/v1\/comments\/([^/]+)$/);
      if (m && method === 'DELETE') {
        if (!comments.some((c) => c.id === m[1])) return json(404, { error: `comment ${m[1]} not found` });
        comments = comments.filter((c) => c.id !== m[1]);
        return { status: 204, type: 'application/json', body: '' };
      }
      return undefined;
    },
  };
}
