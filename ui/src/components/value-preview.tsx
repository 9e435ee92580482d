// A recorded value (messages, JSON or text) as a short block that expands to the whole value.

import { useState } from 'preact/hooks';
import { clipText } from '../lib/format.js';
import { valueText } from '../lib/messages.js';
import { TextWithMedia } from './media.js';

export function ValuePreview({ value, maxChars = 280, maxLines = 6, testid }: { value: unknown; maxChars?: number; maxLines?: number; testid?: string }) {
  const [open, setOpen] = useState(false);
  const text = valueText(value);
  if (!text) return <span class="muted" data-testid={testid}>—</span>;
  const { shown, clipped } = clipText(text, maxChars, maxLines);
  return (
    <div class="value-preview" data-testid={testid}>
      <pre class="value-text">
        <TextWithMedia text={open ? text : shown} />
      </pre>
      {clipped && (
        <button type="button" class="btn link small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Show less' : 'Show all'}
        </button>
      )}
    </div>
  );
}
