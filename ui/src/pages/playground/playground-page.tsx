// The playground: a model call re-run with edits. A connection the operator allows, a model, temperature and max
// tokens, the messages; Run shows the reply with its latency and tokens. The draft is kept for the tab, so a reload
// or the span panel's "Open in playground" lands on it.

import { useEffect, useState } from 'preact/hooks';
import type { PlaygroundConnection, PlaygroundReply } from '../../api/types.js';
import { apiPost, apiUrl } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';
import { Empty, ErrorBox, FormError } from '../../components/common.js';
import { formatDuration, formatInt } from '../../lib/format.js';
import { chatRequestBody, emptyDraft, stashDraft, stashedDraft, type PlaygroundDraft } from '../../lib/playground.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { MessagesEditor } from './messages-editor.js';
import { SaveAsPrompt } from './save-as-prompt.js';

type RunState = { busy: boolean; error: string | null; reply: PlaygroundReply | null };

export function PlaygroundPage() {
  const [draft, setDraft] = useState<PlaygroundDraft>(() => stashedDraft() ?? emptyDraft());
  const [run, setRun] = useState<RunState>({ busy: false, error: null, reply: null });
  useEffect(() => stashDraft(draft), [draft]);
  const edit = (change: Partial<PlaygroundDraft>) => setDraft((d) => ({ ...d, ...change }));
  const start = () => {
    const body = chatRequestBody(draft);
    if (typeof body === 'string') return setRun({ busy: false, error: body, reply: null });
    setRun({ busy: true, error: null, reply: null });
    apiPost<PlaygroundReply>(apiUrl('/api/v1/playground/chat'), body).then(
      (reply) => setRun({ busy: false, error: null, reply }),
      (err: Error) => setRun({ busy: false, error: err.message, reply: null }),
    );
  };
  return (
    <section class="page" aria-labelledby="playground-title">
      <div class="page-head">
        <h1 id="playground-title">Playground</h1>
        <button type="button" class="btn small" onClick={() => (setDraft({ ...emptyDraft(), connection: draft.connection }), setRun({ busy: false, error: null, reply: null }))}>
          Start over
        </button>
      </div>
      {draft.source && (
        <p class="muted" data-testid="playground-source">
          From <Link href={paths.trace(draft.source.traceId, draft.source.spanId)}>span {draft.source.spanId}</Link>. Runs here are not recorded.
        </p>
      )}
      <form class="prompt-form" aria-label="Model call" onSubmit={(e) => (e.preventDefault(), start())}>
        <div class="prompt-form-row">
          <ConnectionPicker value={draft.connection} onChange={(connection) => edit({ connection })} />
          <label>
            Model <input size={24} required value={draft.model} onInput={(e) => edit({ model: e.currentTarget.value })} data-testid="playground-model" />
          </label>
          <label>
            Temperature <input size={5} inputMode="decimal" placeholder="default" value={draft.temperature} onInput={(e) => edit({ temperature: e.currentTarget.value })} data-testid="playground-temperature" />
          </label>
          <label>
            Max tokens <input size={7} inputMode="numeric" placeholder="default" value={draft.maxTokens} onInput={(e) => edit({ maxTokens: e.currentTarget.value })} data-testid="playground-max-tokens" />
          </label>
          {Object.keys(draft.carried).length > 0 && (
            <span class="muted" data-testid="playground-carried">
              Also sent, as the span had them: {Object.entries(draft.carried).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ')}{' '}
              <button type="button" class="btn link" onClick={() => edit({ carried: {} })}>
                drop
              </button>
            </span>
          )}
        </div>
        <MessagesEditor messages={draft.messages} onChange={(messages) => edit({ messages })} />
        <div class="prompt-form-row">
          <button type="submit" class="btn primary" disabled={run.busy} data-testid="playground-run">
            {run.busy ? 'Running…' : 'Run'}
          </button>
        </div>
        <FormError message={run.error} />
      </form>
      {run.reply && <Reply reply={run.reply} />}
      <SaveAsPrompt draft={draft} />
    </section>
  );
}

/** The operator's connections; with none, how to add one. The first is picked when the draft names none here. */
function ConnectionPicker({ value, onChange }: { value: string; onChange: (name: string) => void }) {
  const list = useApi<{ connections: PlaygroundConnection[] }>(apiUrl('/api/v1/playground/connections'));
  const connections = list.data?.connections ?? [];
  const known = connections.some((c) => c.name === value);
  // Shown picked from the first render, not only once the effect has told the draft (a blank select in between).
  const shown = known ? value : (connections[0]?.name ?? '');
  useEffect(() => {
    if (connections.length > 0 && !known) onChange(connections[0].name);
  }, [connections.length, known]);
  if (list.error) return <ErrorBox message={list.error} onRetry={list.reload} />;
  if (list.data && connections.length === 0)
    return (
      <Empty>
        <span data-testid="playground-no-connections">
          No model endpoint is allowed here yet. Its operator names one when starting WatchLLM, e.g.{' '}
          <code>WATCHLLM_JUDGE_URL_OPENAI=https://api.openai.com/v1 WATCHLLM_JUDGE_KEY_OPENAI=sk-… watchllm start</code> (any
          OpenAI-compatible API; a local model needs no key). The online evaluators' judges use the same connections.
        </span>
      </Empty>
    );
  return (
    <label>
      Connection{' '}
      <select value={shown} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)} data-testid="playground-connection">
        {connections.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name} ({c.host}){c.keySet ? '' : ', no key'}
          </option>
        ))}
      </select>
    </label>
  );
}

function Reply({ reply }: { reply: PlaygroundReply }) {
  const tokens = [reply.usage.inputTokens, reply.usage.outputTokens].map((n) => (n === null ? '?' : formatInt(n)));
  return (
    <div data-testid="playground-reply">
      <h2 class="sub">Reply</h2>
      <div class="bubble role-assistant">
        <div class="bubble-role">assistant</div>
        <pre class="prompt-text">{reply.output}</pre>
      </div>
      <p class="muted" data-testid="playground-reply-facts">
        {reply.model} · {formatDuration(reply.latencyMs)} · {tokens[0]} in / {tokens[1]} out tokens{reply.finishReason ? ` · finished: ${reply.finishReason}` : ''}
      </p>
    </div>
  );
}
