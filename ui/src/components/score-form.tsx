// The score form of the span panel and the session page: thumbs, a score / label of one's own, or a score through one
// of the project's score configs, with a comment.

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ScoreConfigDto, ScoreConfigListDto } from '../api/types.js';
import { apiPost, apiUrl } from '../api/client.js';
import { rememberAuthor, storedAuthor } from '../lib/author.js';
import { configRange, configuredScore, MAX_TEXT_SCORE, scoredByLabel } from '../lib/score-config.js';
import { useApi } from '../lib/use-api.js';
import { FormError } from './common.js';
import { Select, type SelectOption } from './select.js';

/** What a score is given to: a span of a trace (its root span when none is named), or a session (a conversation) as a whole. */
export type ScoreTarget = { traceId: string; spanId?: string } | { sessionId: string };

type ScoreFields = { name: string; score?: number; label?: string; configId?: string };

/**
 * A person's score for a span or a session (POST /api/v1/evaluations): thumbs up / down in one click, a score and
 * label of one's own, or — when the project has score configs — a value one of them allows (the API checks it);
 * the comment goes with any.
 */
export function ScoreForm({ target, onScored, configIds }: { target: ScoreTarget; onScored: () => void; configIds?: readonly string[] }) {
  // No configs (or an API without them): the form is a free score alone.
  const all = useApi<ScoreConfigListDto>(apiUrl('/api/v1/score-configs')).data?.configs ?? [];
  // An annotation queue scores with its own configs alone (none: a free score), the first one picked.
  const only = configIds && configIds.length > 0 ? configIds : undefined;
  const configs = only ? all.filter((c) => only.includes(c.id)) : all;
  const [picked, setConfigId] = useState('');
  const configId = picked || (only ? (configs[0]?.id ?? '') : '');
  const config = configs.find((c) => c.id === configId);
  const [name, setName] = useState('human_review');
  // Who scores is remembered in this browser, so a reviewer types it once.
  const [author, setAuthor] = useState(() => storedAuthor());
  const [score, setScore] = useState('');
  const [label, setLabel] = useState('');
  const [comment, setComment] = useState('');
  // A categorical or text config's value is the label; the others' the score.
  const [configValue, setConfigValue] = config && scoredByLabel(config) ? [label, setLabel] : [score, setScore];
  const [state, setState] = useState<{ busy: boolean; error: string | null; saved: string | null }>({ busy: false, error: null, saved: null });
  const refuse = (error: string) => setState({ busy: false, error, saved: null });
  const save = (fields: ScoreFields) => {
    setState({ busy: true, error: null, saved: null });
    const by = author.trim();
    rememberAuthor(by);
    const body = { ...target, ...fields, ...(comment.trim() ? { explanation: comment.trim() } : {}), ...(by ? { author: by } : {}) };
    apiPost('/api/v1/evaluations', body).then(
      () => {
        const value = fields.label ?? (fields.configId ? fields.score : undefined);
        setState({ busy: false, error: null, saved: `Saved ${body.name}${value !== undefined ? `: ${value}` : ''}.` });
        setScore('');
        setLabel('');
        setComment('');
        onScored();
      },
      (err: Error) => refuse(err.message),
    );
  };
  const submit = () => {
    if (config) {
      const fields = configuredScore(config, configValue);
      return typeof fields === 'string' ? refuse(fields) : save(fields);
    }
    const value = score.trim() === '' ? undefined : Number(score);
    if (value !== undefined && !Number.isFinite(value)) return refuse('The score must be a number.');
    if (value === undefined && !label.trim()) return refuse('Give a score, a label or both.');
    save({ name: name.trim(), score: value, label: label.trim() || undefined });
  };
  const pick = (id: string) => (setConfigId(id), setScore(''), setLabel(''), setState({ busy: false, error: null, saved: null }));
  const saveButton = (
    <button type="submit" class="btn small" disabled={state.busy || (!config && !name.trim())}>
      Save score
    </button>
  );
  return (
    // With a config the API says what is out of its bounds (the browser's own check would hide its message).
    <form class="score-form" data-testid="score-form" aria-label="Add a score" noValidate={!!config} onSubmit={(e) => (e.preventDefault(), submit())}>
      {configs.length > 0 && (
        <div class="score-row">
          <label>
            Config{' '}
            <Select value={configId} options={[...(only ? [] : [{ value: '', text: 'free score' }]), ...configs.map((c) => ({ value: c.id, text: c.name }))]} onPick={pick} testid="score-config" />
          </label>
        </div>
      )}
      {config ? (
        <ConfigValue config={config} value={configValue} onValue={setConfigValue}>
          {saveButton}
        </ConfigValue>
      ) : (
        <>
          <div class="score-row">
            <label>
              Evaluation <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={256} />
            </label>
            <button type="button" class="btn small" data-testid="score-up" disabled={state.busy || !name.trim()} onClick={() => save({ name: name.trim(), score: 1, label: 'thumbs_up' })} aria-label="Thumbs up">
              👍
            </button>
            <button type="button" class="btn small" data-testid="score-down" disabled={state.busy || !name.trim()} onClick={() => save({ name: name.trim(), score: 0, label: 'thumbs_down' })} aria-label="Thumbs down">
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
            {saveButton}
          </div>
        </>
      )}
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

/** The input a config allows: a number within its bounds, one of its labels, true / false (1 / 0), or free text. */
function ConfigValue({ config, value, onValue, children }: { config: ScoreConfigDto; value: string; onValue: (v: string) => void; children: ComponentChildren }) {
  const choose = (options: SelectOption<string>[], placeholder: string) => <Select value={value} options={[{ value: '', text: placeholder }, ...options]} onPick={onValue} testid="score-config-value" />;
  return (
    <>
      <div class="score-row">
        {config.dataType === 'NUMERIC' && (
          <label>
            Score{' '}
            <input
              type="number"
              step="any"
              min={config.minValue ?? undefined}
              max={config.maxValue ?? undefined}
              size={6}
              value={value}
              onInput={(e) => onValue(e.currentTarget.value)}
              data-testid="score-config-value"
            />{' '}
            <span class="muted" data-testid="score-config-range">
              {configRange(config)}
            </span>
          </label>
        )}
        {config.dataType === 'CATEGORICAL' && <label>Label {choose((config.categories ?? []).map((c) => ({ value: c.label, text: c.label })), 'pick a label')}</label>}
        {config.dataType === 'BOOLEAN' && (
          <label>
            Value{' '}
            {choose(
              [
                { value: '1', text: 'true' },
                { value: '0', text: 'false' },
              ],
              'pick',
            )}
          </label>
        )}
        {config.dataType === 'TEXT' && (
          <textarea rows={3} placeholder="Text" aria-label="Text" value={value} onInput={(e) => onValue(e.currentTarget.value)} maxLength={MAX_TEXT_SCORE} data-testid="score-config-value" />
        )}
        {children}
      </div>
      {config.description && <div class="muted">{config.description}</div>}
    </>
  );
}
