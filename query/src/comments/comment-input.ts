import { bad as badParam, type Params } from '../params.js';
import { ApiError } from '../routes/errors.js';
import { COMMENT_OBJECT_TYPES, type CommentInput, type CommentObjectType } from './comment-store.js';

/** Langfuse's limit on a comment's text. */
export const MAX_COMMENT_LENGTH = 5000;
/** Trace ids, span ids, session ids (up to 512, as the session routes take) and prompt names all fit. */
const MAX_OBJECT_ID = 512;
const MAX_AUTHOR = 256;

const bad = (field: string, why: string) => new ApiError(400, `field ${field}: ${why}`);

export const isObjectType = (v: unknown): v is CommentObjectType => typeof v === 'string' && (COMMENT_OBJECT_TYPES as readonly string[]).includes(v);


/** A new comment from a JSON body: Langfuse names its author `authorUserId`, WatchLLM's own API `author`. */
export function commentInput(body: unknown, authorField: 'author' | 'authorUserId'): CommentInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'expected a JSON object');
  const b = body as Record<string, unknown>;
  const type = b.objectType;
  if (!isObjectType(type)) throw bad('objectType', `expected one of ${COMMENT_OBJECT_TYPES.join(', ')}`);
  if (typeof b.objectId !== 'string' || b.objectId === '' || b.objectId.length > MAX_OBJECT_ID) throw bad('objectId', `expected a string of 1 to ${MAX_OBJECT_ID} characters`);
  if (typeof b.content !== 'string' || b.content.trim() === '' || b.content.length > MAX_COMMENT_LENGTH) throw bad('content', `expected text of 1 to ${MAX_COMMENT_LENGTH} characters`);
  const author = b[authorField];
  if (author !== undefined && author !== null && (typeof author !== 'string' || author.length > MAX_AUTHOR)) throw bad(authorField, `expected a string of at most ${MAX_AUTHOR} characters`);
  return { objectType: type, objectId: b.objectId, content: b.content, author: author || undefined };
}

/** The `objectType` / `objectId` query filters of a comment list (an id needs its type: ids of different types may be equal). */
export function objectFilter(p: Params): { objectType?: CommentObjectType; objectId?: string } {
  const type = p.string('objectType', 32)?.toUpperCase();
  const objectId = p.string('objectId', MAX_OBJECT_ID);
  if (type !== undefined && !isObjectType(type)) throw badParam('objectType', `expected one of ${COMMENT_OBJECT_TYPES.join(', ')}`);
  if (objectId !== undefined && type === undefined) throw badParam('objectType', 'required with objectId');
  return { objectType: type, objectId };
}
