// Comments on a trace, a span or a session: who wrote what when, a box to add one, and deleting one's own.

import { useState } from 'preact/hooks';
import type { Comment, CommentList, CommentObjectType } from '../api/types.js';
import { apiDelete, apiPost, apiUrl } from '../api/client.js';
import { rememberAuthor, storedAuthor } from '../lib/author.js';
import { formatTimestamp } from '../lib/format.js';
import { useApi } from '../lib/use-api.js';
import { FormError, Section } from './common.js';
import { ConfirmAction } from './confirm-action.js';

/** Langfuse's limit on a comment's text, which the API holds to. */
const MAX_COMMENT = 5000;

export function Comments({ objectType, objectId }: { objectType: CommentObjectType; objectId: string }) {
  const { data, error, reload } = useApi<CommentList>(apiUrl('/api/v1/comments', { objectType, objectId }));
  const comments = data?.comments ?? [];
  return (
    <Section title={`Comments (${comments.length})`} open={comments.length > 0} testid="comments">
      <FormError message={error} />
      {comments.length === 0 ? (
        <div class="muted">No comments yet.</div>
      ) : (
        <ol class="events" data-testid="comment-list">
          {comments.map((c) => (
            <CommentItem key={c.id} comment={c} onDeleted={reload} />
          ))}
        </ol>
      )}
      <CommentForm key={`${objectType}:${objectId}`} objectType={objectType} objectId={objectId} onAdded={reload} />
    </Section>
  );
}

function CommentItem({ comment: c, onDeleted }: { comment: Comment; onDeleted: () => void }) {
  // Own: written under the name this browser comments as (there are no accounts to tell who wrote what).
  const own = c.author !== null && c.author === storedAuthor();
  return (
    <li data-testid="comment">
      <div>
        <strong>{c.author ?? 'anonymous'}</strong> <span class="muted">{formatTimestamp(Date.parse(c.createdAt))}</span>{' '}
        {own && <ConfirmAction label="✕" testid="delete-comment" title="Delete this comment" confirm="Delete" run={() => apiDelete(apiUrl(`/api/v1/comments/${encodeURIComponent(c.id)}`)).then(onDeleted)} />}
      </div>
      <div class="part-text">{c.content}</div>
    </li>
  );
}

function CommentForm({ objectType, objectId, onAdded }: { objectType: CommentObjectType; objectId: string; onAdded: () => void }) {
  const [content, setContent] = useState('');
  const [author, setAuthor] = useState(() => storedAuthor());
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const send = () => {
    const by = author.trim();
    rememberAuthor(by);
    setState({ busy: true, error: null });
    apiPost('/api/v1/comments', { objectType, objectId, content: content.trim(), ...(by ? { author: by } : {}) }).then(
      () => {
        setState({ busy: false, error: null });
        setContent('');
        onAdded();
      },
      (err: Error) => setState({ busy: false, error: err.message }),
    );
  };
  return (
    <form class="score-form" data-testid="comment-form" aria-label="Add a comment" onSubmit={(e) => (e.preventDefault(), send())}>
      <textarea rows={2} placeholder="Write a comment" aria-label="Comment text" value={content} onInput={(e) => setContent(e.currentTarget.value)} maxLength={MAX_COMMENT} />
      <div class="score-row">
        <label>
          By <input size={16} placeholder="your name (optional)" value={author} onInput={(e) => setAuthor(e.currentTarget.value)} maxLength={256} />
        </label>
        <button type="submit" class="btn small" data-testid="comment-submit" disabled={state.busy || !content.trim()}>
          Comment
        </button>
      </div>
      <FormError message={state.error} />
    </form>
  );
}
