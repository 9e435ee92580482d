// Keeps the playground's messages as a new chat prompt version (Langfuse's prompts API), with the model and
// parameters as its config; links to the version made.

import { useState } from 'preact/hooks';
import type { PromptVersionDto } from '../../api/types.js';
import { apiPost, apiUrl } from '../../api/client.js';
import { FormError } from '../../components/common.js';
import { promptBody, type PlaygroundDraft } from '../../lib/playground.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';

export function SaveAsPrompt({ draft }: { draft: PlaygroundDraft }) {
  const [name, setName] = useState('');
  const [labels, setLabels] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null; saved: PromptVersionDto | null }>({ busy: false, error: null, saved: null });
  const save = () => {
    const body = promptBody(draft, name, labels);
    if (typeof body === 'string') return setState({ busy: false, error: body, saved: null });
    setState({ busy: true, error: null, saved: null });
    apiPost<PromptVersionDto>(apiUrl('/api/public/v2/prompts'), body).then(
      (saved) => setState({ busy: false, error: null, saved }),
      (err: Error) => setState({ busy: false, error: err.message, saved: null }),
    );
  };
  const saved = state.saved;
  return (
    <form class="prompt-form" aria-label="Save as prompt" data-testid="playground-save" onSubmit={(e) => (e.preventDefault(), save())}>
      <div class="prompt-form-row">
        <label>
          Prompt name <input size={28} maxLength={256} placeholder="e.g. support/agent-system" value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="playground-save-name" />
        </label>
        <label>
          Labels <input size={18} placeholder="e.g. staging" value={labels} onInput={(e) => setLabels(e.currentTarget.value)} />
        </label>
        <button type="submit" class="btn small" disabled={state.busy}>
          Save as prompt
        </button>
        {saved && (
          <span data-testid="playground-saved">
            Saved <Link href={paths.prompt(saved.name, saved.version)}>{saved.name} v{saved.version}</Link>
          </span>
        )}
      </div>
      <FormError message={state.error} />
    </form>
  );
}
