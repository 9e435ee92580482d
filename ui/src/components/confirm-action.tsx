// A destructive action behind a second, confirming click (no browser dialog: keyboard- and test-friendly).

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export interface ConfirmActionProps {
  /** The first button's text, and its data-testid (the confirming button's is `${testid}-yes`). */
  label: ComponentChildren;
  testid: string;
  title?: string;
  /** The confirming button's text. */
  confirm: string;
  /** What the action does, shown while confirming. */
  warning?: string;
  /** Runs the action; a rejection shows its message and returns to the first button. */
  run: () => Promise<unknown>;
}

export function ConfirmAction({ label, testid, title, confirm, warning, run }: ConfirmActionProps) {
  const [state, setState] = useState<'idle' | 'confirming' | 'busy'>('idle');
  const [error, setError] = useState<string | null>(null);
  const go = () => {
    setState('busy');
    run().then(
      () => setState('idle'),
      (err: Error) => {
        setState('idle');
        setError(err.message);
      },
    );
  };
  if (state === 'idle') {
    return (
      <>
        <button type="button" class="btn small" data-testid={testid} title={title} aria-label={title} onClick={() => (setError(null), setState('confirming'))}>
          {label}
        </button>
        {error && (
          <span class="error-box" role="alert">
            {error}
          </span>
        )}
      </>
    );
  }
  return (
    <span class="erase-confirm" role="group" aria-label={title ?? confirm}>
      {warning && <span class="muted">{warning}</span>}
      <button type="button" class="btn small danger" data-testid={`${testid}-yes`} disabled={state === 'busy'} onClick={go}>
        {confirm}
      </button>
      <button type="button" class="btn small" disabled={state === 'busy'} onClick={() => setState('idle')}>
        Keep
      </button>
    </span>
  );
}
