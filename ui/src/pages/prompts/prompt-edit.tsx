// Changing prompts from the UI, as Langfuse's prompt editor does: a new version from the one shown (its text, or its
// messages as JSON for a chat prompt), and deploying a version by moving the "production" label to it.

import { useState } from 'preact/hooks';
import type { PromptVersionDto } from '../../api/types.js';
import { apiPatch, apiPost, apiUrl } from '../../api/client.js';
import { newVersionBody } from '../../lib/prompt-text.js';
import { FormError } from '../../components/common.js';

const promptApi = (name: string) => `/api/public/v2/prompts/${encodeURIComponent(name)}`;
/** Labels stored on a version ("latest" is the server's). */
const ownLabels = (v: PromptVersionDto) => v.labels.filter((l) => l !== 'latest');

/** Moves "production" to this version; the server takes it off the version that had it. */
export function PromoteButton({ version, onDone }: { version: PromptVersionDto; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (version.labels.includes('production')) return null;
  const promote = () => {
    setBusy(true);
    apiPatch(apiUrl(`${promptApi(version.name)}/versions/${version.version}`), { newLabels: [...ownLabels(version), 'production'] }).then(
      () => (setBusy(false), onDone()),
      (err: Error) => (setBusy(false), setError(err.message)),
    );
  };
  return (
    <>
      <button type="button" class="btn small" data-testid="prompt-promote" disabled={busy} onClick={promote} title="Apps fetching this prompt without a label or version get this version">
        Deploy to production
      </button>
      <FormError message={error} />
    </>
  );
}

type Base = { name: string; type: 'text' | 'chat'; config?: unknown; prompt?: unknown };

/**
 * A new version starting from `base` (`onCreated` gets its name and number); with `fresh`, a new prompt: its
 * name and type are asked too.
 */
export function NewVersionForm({ base, onCreated, fresh = false }: { base: Base; onCreated: (name: string, version: number) => void; fresh?: boolean }) {
  const [name, setName] = useState(base.name);
  const [type, setType] = useState(base.type);
  const [text, setText] = useState(base.prompt === undefined ? '' : typeof base.prompt === 'string' ? base.prompt : JSON.stringify(base.prompt, null, 2));
  const [labels, setLabels] = useState('');
  const [commitMessage, setCommitMessage] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const save = () => {
    const body = newVersionBody({ ...base, name: name.trim(), type }, text, labels, commitMessage);
    if (typeof body === 'string') return setState({ busy: false, error: body });
    setState({ busy: true, error: null });
    apiPost<PromptVersionDto>(apiUrl('/api/public/v2/prompts'), body).then(
      (created) => onCreated(created.name, created.version),
      (err: Error) => setState({ busy: false, error: err.message }),
    );
  };
  return (
    <form class="prompt-form" data-testid={fresh ? 'prompt-new' : 'prompt-new-version'} aria-label={fresh ? 'New prompt' : 'New version'} onSubmit={(e) => (e.preventDefault(), save())}>
      {fresh && (
        <div class="prompt-form-row">
          <label>
            Name <input size={32} required placeholder="e.g. support/agent-system" value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={256} />
          </label>
          <label>
            Type{' '}
            <select value={type} onChange={(e) => setType((e.currentTarget as HTMLSelectElement).value as Base['type'])}>
              <option value="text">text</option>
              <option value="chat">chat (messages as JSON)</option>
            </select>
          </label>
        </div>
      )}
      <textarea rows={8} aria-label={type === 'chat' ? 'Messages (JSON)' : 'Prompt text'} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <div class="prompt-form-row">
        <label>
          Labels <input size={20} placeholder="e.g. staging, production" value={labels} onInput={(e) => setLabels(e.currentTarget.value)} />
        </label>
        <label>
          Commit message <input size={32} value={commitMessage} onInput={(e) => setCommitMessage(e.currentTarget.value)} maxLength={1024} />
        </label>
        <button type="submit" class="btn small primary" disabled={state.busy}>
          {fresh ? 'Create prompt' : 'Save as new version'}
        </button>
      </div>
      <FormError message={state.error} />
    </form>
  );
}
