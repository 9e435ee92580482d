// The score form of the span panel and the session page: thumbs, or a score / label of one's own, with a comment.

import { useState } from 'preact/hooks';
import { apiPost } from '../api/client.js';
import { rememberAuthor, storedAuthor } from '../lib/author.js';
import { FormError } from './common.js';

/** What a score is given to: a span of a trace, or a session (a conversation) as a whole. */
export type ScoreTarget = { traceId: string; spanId: string } | { sessionId: string };

/**
 * A person's score for a span or a session (POST /api/v1/evaluations): thumbs up / down in one click,
 * or a score and label of one's own; the comment goes with either.
 */
export function ScoreForm({ target, onScored }: { target: ScoreTarget; onScored: () => void }) {
  const [name, setName] = useState('human_review');
  // Who scores is remembered in this browser, so a reviewer types it once.
  const [author, setAuthor] = useState(() => storedAuthor());
  const [score, setScore] = useState('');
  const [label, setLabel] = useState('');
  const [comment, setComment] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null; saved: string | null }>({ busy: false, error: null, saved: null });
  const save = (result: { score?: number; label?: string }) => {
    setState({ busy: true, error: null, saved: null });
    const by = author.trim();
    rememberAuthor(by);
    const body = { ...target, name: name.trim(), ...result, ...(comment.trim() ? { explanation: comment.trim() } : {}), ...(by ? { author: by } : {}) };
    apiPost('/api/v1/evaluations', body).then(
      () => {
        setState({ busy: false, error: null, saved: `Saved ${body.name}${result.label ? `: ${result.label}` : ''}.` });
        setScore('');
        setLabel('');
        setComment('');
        onScored();
      },
      (err: Error) => setState({ busy: false, error: err.message, saved: null }),
    );
  };
  const custom = () => {
    const value = score.trim() === '' ? undefined : Number(score);
    if (value !== undefined && !Number.isFinite(value)) return setState({ busy: false, error: 'The score must be a number.', saved: null });
    if (value === undefined && !label.trim()) return setState({ busy: false, error: 'Give a score, a label or both.', saved: null });
    save({ score: value, label: label.trim() || undefined });
  };
  return (
    <form class="score-form" data-testid="score-form" aria-label="Add a score" onSubmit={(e) => (e.preventDefault(), custom())}>
      <div class="score-row">
        <label>
          Evaluation <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={256} />
        </label>
        <button type="button" class="btn small" data-testid="score-up" disabled={state.busy || !name.trim()} onClick={() => save({ score: 1, label: 'thumbs_up' })} aria-label="Thumbs up">
          👍
        </button>
        <button type="button" class="btn small" data-testid="score-down" disabled={state.busy || !name.trim()} onClick={() => save({ score: 0, label: 'thumbs_down' })} aria-label="Thumbs down">
          👎
        </button>
      </div>
      <div class="score-row">
        <label>
          Score <input inputMode="decimal" size={6} value={score} onInput={(e) => setScore(e.currentTarget.value)} />
        </label>
        <label>
          Label <input size={12} value={label} onInput={(e) => setLabel(e.currentTarget.value)} maxLength={256} />
        </label>
        <button type="submit" class="btn small" disabled={state.busy || !name.trim()}>
          Save score
        </button>
      </div>
      <textarea rows={2} placeholder="Comment (optional)" aria-label="Comment" value={comment} onInput={(e) => setComment(e.currentTarget.value)} maxLength={4096} />
      <label>
        By <input size={16} placeholder="your name (optional)" value={author} onInput={(e) => setAuthor(e.currentTarget.value)} maxLength={256} />
      </label>
      <FormError message={state.error} />
      {state.saved && (
        <div class="muted" role="status">
          {state.saved}
        </div>
      )}
    </form>
  );
}
