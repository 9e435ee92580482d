import { randomUUID } from 'node:crypto';
import { COMMENTS_TABLE, type Store } from '@watchllm/collector';
import { readRows } from '../reader/query.js';
import { ChangeQueue, changeTimes, dateTime64Ms, insertChange, latestRows, type ChangeTimesRow } from '../versioned-rows.js';

/** What a comment can be left on (Langfuse's CommentObjectType). */
export const COMMENT_OBJECT_TYPES = ['TRACE', 'OBSERVATION', 'SESSION', 'PROMPT'] as const;
export type CommentObjectType = (typeof COMMENT_OBJECT_TYPES)[number];

export interface CommentInput {
  objectType: CommentObjectType;
  /** A trace id, a span id, a session id or a prompt name. */
  objectId: string;
  content: string;
  author?: string;
}

export interface Comment {
  id: string;
  objectType: CommentObjectType;
  objectId: string;
  content: string;
  author: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface CommentFilter {
  objectType?: CommentObjectType;
  objectId?: string;
  author?: string;
  newestFirst: boolean;
  limit: number;
  offset: number;
}

interface Row extends ChangeTimesRow {
  ObjectType: CommentObjectType;
  ObjectId: string;
  Id: string;
  Content: string;
  Author: string;
}

const KEYS = ['ObjectType', 'ObjectId', 'Id'];
const COLUMNS = ['Content', 'Author'];

/**
 * Comments on traces, observations, sessions and prompts (migration 19): a row per change, read by the object
 * they are on. Kept whether or not the object has arrived yet (an SDK may comment on a trace it is still sending).
 */
export class CommentStore {
  private readonly changes = new ChangeQueue();

  constructor(private readonly store: Store) {}

  async add(projectId: string, input: CommentInput, nowMs = Date.now()): Promise<Comment> {
    const comment: Comment = { id: randomUUID(), ...input, author: input.author ?? null, createdAtMs: nowMs, updatedAtMs: nowMs };
    return { ...comment, updatedAtMs: await this.write(projectId, comment, false) };
  }

  async get(projectId: string, id: string): Promise<Comment | undefined> {
    const [row] = await readRows<Row>(this.store, latestRows(this.store.table(COMMENTS_TABLE), KEYS, COLUMNS, 'Id = {id:String}'), { projectId, id });
    return row && toComment(row);
  }

  /** A page of the live comments matching `f`, and how many there are. */
  async list(projectId: string, f: CommentFilter): Promise<{ items: Comment[]; total: number }> {
    const narrow = [f.objectType === undefined ? '' : 'ObjectType = {objectType:String}', f.objectId === undefined ? '' : 'ObjectId = {objectId:String}'].filter(Boolean);
    // Author is an aggregated column: filtered on the latest rows, not before.
    const source = `SELECT * FROM (${latestRows(this.store.table(COMMENTS_TABLE), KEYS, COLUMNS, narrow.join(' AND ') || '1')})${f.author === undefined ? '' : ' WHERE Author = {author:String}'}`;
    const params = { projectId, objectType: f.objectType ?? '', objectId: f.objectId ?? '', author: f.author ?? '' };
    const order = f.newestFirst ? 'DESC' : 'ASC';
    const [items, [count]] = await Promise.all([
      readRows<Row>(this.store, `${source} ORDER BY toUInt64(CreatedMs) ${order}, Id ${order} LIMIT ${f.limit} OFFSET ${f.offset}`, params),
      readRows<{ n: string }>(this.store, `SELECT toString(count()) AS n FROM (${source})`, params),
    ]);
    return { items: items.map(toComment), total: Number(count?.n ?? 0) };
  }

  /** Deletes comment `id`; false when the project has no such comment (or it was deleted). */
  remove(projectId: string, id: string): Promise<boolean> {
    return this.changes.serialized(`${projectId}\u0000${id}`, async () => {
      const found = await this.get(projectId, id);
      if (found) await this.write(projectId, found, true);
      return found !== undefined;
    });
  }

  /** Writes a row of comment `c`; its UpdatedAt in milliseconds, as a read gives it back. */
  private write(projectId: string, c: Comment, deleted: boolean): Promise<number> {
    return insertChange(this.store, this.changes, COMMENTS_TABLE, c.updatedAtMs, {
      ProjectId: projectId,
      ObjectType: c.objectType,
      ObjectId: c.objectId,
      Id: c.id,
      Content: c.content,
      Author: c.author ?? '',
      CreatedAt: dateTime64Ms(c.createdAtMs),
      Deleted: deleted ? 1 : 0,
    });
  }
}

function toComment(r: Row): Comment {
  return { id: r.Id, objectType: r.ObjectType, objectId: r.ObjectId, content: r.Content, author: r.Author || null, ...changeTimes(r) };
}
