// The playground's messages: a role and a text per message, added, removed and moved up or down.

import type { PlaygroundMessage } from '../../api/types.js';
import { moveMessage, ROLES, type Role } from '../../lib/playground.js';

export function MessagesEditor({ messages, onChange }: { messages: PlaygroundMessage[]; onChange: (messages: PlaygroundMessage[]) => void }) {
  const change = (i: number, m: Partial<PlaygroundMessage>) => onChange(messages.map((old, j) => (j === i ? { ...old, ...m } : old)));
  const last = messages[messages.length - 1];
  return (
    <fieldset class="prompt-form" data-testid="playground-messages">
      <legend>Messages</legend>
      {messages.map((m, i) => (
        <div key={i} class="prompt-form" data-testid="playground-message">
          <div class="prompt-form-row">
            <select aria-label={`Role of message ${i + 1}`} value={m.role} onChange={(e) => change(i, { role: (e.currentTarget as HTMLSelectElement).value as Role })} data-testid="playground-role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <button type="button" class="btn small" aria-label={`Move message ${i + 1} up`} disabled={i === 0} onClick={() => onChange(moveMessage(messages, i, -1))}>
              ↑
            </button>
            <button type="button" class="btn small" aria-label={`Move message ${i + 1} down`} disabled={i === messages.length - 1} onClick={() => onChange(moveMessage(messages, i, 1))}>
              ↓
            </button>
            <button type="button" class="btn small" aria-label={`Remove message ${i + 1}`} disabled={messages.length === 1} onClick={() => onChange(messages.filter((_, j) => j !== i))}>
              ✕
            </button>
          </div>
          <textarea rows={Math.min(12, Math.max(2, m.content.split('\n').length))} aria-label={`Message ${i + 1} (${m.role})`} value={m.content} onInput={(e) => change(i, { content: e.currentTarget.value })} data-testid="playground-content" />
        </div>
      ))}
      <div class="prompt-form-row">
        <button type="button" class="btn small" data-testid="playground-add" onClick={() => onChange([...messages, { role: last?.role === 'user' ? 'assistant' : 'user', content: '' }])}>
          Add message
        </button>
      </div>
    </fieldset>
  );
}
