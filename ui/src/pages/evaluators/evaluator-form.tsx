// Creating or changing an online evaluator, and trying it on a trace before (or after) saving it.

import { useState } from 'preact/hooks';
import type { EvaluatorDto, EvaluatorTestResult } from '../../api/types.js';
import { apiPatch, apiPost, apiUrl } from '../../api/client.js';
import { FormError } from '../../components/common.js';
import { evaluatorBody, type EvaluatorFields } from '../../lib/evaluator-form.js';

const evaluatorApi = (name: string) => `/api/v1/evaluators/${encodeURIComponent(name)}`;

/** The form for a new evaluator (`editing` undefined) or for one to change; `onSaved` after the server took it. */
export function EvaluatorForm({ initial, editing, onSaved }: { initial: EvaluatorFields; editing?: string; onSaved: () => void }) {
  const [f, setF] = useState(initial);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const set = <K extends keyof EvaluatorFields>(k: K) => (v: EvaluatorFields[K]) => setF((old) => ({ ...old, [k]: v }));
  const text = (k: keyof EvaluatorFields, label: string, props: Record<string, unknown> = {}) => (
    <label>
      {label} <input value={f[k] as string} onInput={(e) => set(k)(e.currentTarget.value as never)} data-testid={`evaluator-${k}`} {...props} />
    </label>
  );
  const save = () => {
    const body = evaluatorBody(f, editing === undefined);
    if (typeof body === 'string') return setState({ busy: false, error: body });
    setState({ busy: true, error: null });
    const sent = editing === undefined ? apiPost(apiUrl('/api/v1/evaluators'), body) : apiPatch(apiUrl(evaluatorApi(editing)), body);
    sent.then(onSaved, (err: Error) => setState({ busy: false, error: err.message }));
  };
  return (
    <form class="prompt-form" data-testid="evaluator-form" aria-label={editing ? `Edit evaluator ${editing}` : 'New evaluator'} onSubmit={(e) => (e.preventDefault(), save())}>
      <div class="prompt-form-row">
        {editing === undefined && text('name', 'Score name', { size: 24, required: true, maxLength: 256, placeholder: 'e.g. helpfulness' })}
        <label>
          <input type="checkbox" checked={f.enabled} onChange={(e) => set('enabled')(e.currentTarget.checked)} data-testid="evaluator-enabled" /> Enabled
        </label>
        <label>
          Scores{' '}
          <select value={f.target} onChange={(e) => set('target')((e.currentTarget as HTMLSelectElement).value as EvaluatorFields['target'])} data-testid="evaluator-target">
            <option value="llm">model calls (llm spans)</option>
            <option value="trace">traces (root spans)</option>
          </select>
        </label>
        {text('samplingPercent', 'Sampling %', { size: 5, inputMode: 'decimal' })}
      </div>
      <fieldset class="prompt-form-row">
        <legend>Only spans of (optional)</legend>
        {text('service', 'Service', { size: 14 })}
        {text('model', 'Model', { size: 14 })}
        {text('environment', 'Environment', { size: 12 })}
        {text('tag', 'Tag', { size: 12 })}
      </fieldset>
      <fieldset class="prompt-form-row">
        <legend>Judge (OpenAI-compatible chat completions)</legend>
        {text('baseUrl', 'Base URL', { size: 30, required: true })}
        {text('judgeModel', 'Model', { size: 16, required: true })}
        {text('apiKeyEnv', 'API key env var', { size: 24, placeholder: 'WATCHLLM_JUDGE_KEY_<NAME>' })}
      </fieldset>
      <label for="evaluator-template">
        Prompt template — placeholders: <code>{'{{input}}'}</code>, <code>{'{{output}}'}</code>, <code>{'{{expected}}'}</code>
      </label>
      <textarea id="evaluator-template" rows={10} value={f.promptTemplate} onInput={(e) => set('promptTemplate')(e.currentTarget.value)} data-testid="evaluator-template" />
      <div class="prompt-form-row">
        <label>
          Output{' '}
          <select value={f.outputType} onChange={(e) => set('outputType')((e.currentTarget as HTMLSelectElement).value as EvaluatorFields['outputType'])} data-testid="evaluator-output">
            <option value="numeric">numeric score (0–1)</option>
            <option value="categorical">categorical (labels)</option>
          </select>
        </label>
        {f.outputType === 'categorical' && text('labels', 'Labels', { size: 30, placeholder: 'e.g. correct, incorrect' })}
        <button type="submit" class="btn small primary" disabled={state.busy}>
          {editing ? 'Save changes' : 'Create evaluator'}
        </button>
      </div>
      <FormError message={state.error} />
      {editing !== undefined && <TryOnTrace name={editing} draft={() => evaluatorBody(f, false)} />}
    </form>
  );
}

/** Runs the evaluator once on a trace (the form's fields as a draft, unsaved) and shows the verdict and the prompt sent. */
function TryOnTrace({ name, draft }: { name: string; draft: () => Record<string, unknown> | string }) {
  const [traceId, setTraceId] = useState('');
  const [spanId, setSpanId] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null; result: EvaluatorTestResult | null }>({ busy: false, error: null, result: null });
  const run = () => {
    const body = draft();
    if (typeof body === 'string') return setState({ busy: false, error: body, result: null });
    setState({ busy: true, error: null, result: null });
    apiPost<EvaluatorTestResult>(apiUrl(`${evaluatorApi(name)}/test`), { traceId: traceId.trim(), ...(spanId.trim() ? { spanId: spanId.trim() } : {}), draft: body }).then(
      (result) => setState({ busy: false, error: null, result }),
      (err: Error) => setState({ busy: false, error: err.message, result: null }),
    );
  };
  const r = state.result;
  return (
    <div class="prompt-form" data-testid="evaluator-try">
      <div class="prompt-form-row">
        <strong>Try on a trace</strong>
        <label>
          Trace id <input size={34} value={traceId} onInput={(e) => setTraceId(e.currentTarget.value)} data-testid="evaluator-try-trace" />
        </label>
        <label>
          Span id (optional) <input size={18} value={spanId} onInput={(e) => setSpanId(e.currentTarget.value)} />
        </label>
        <button type="button" class="btn small" disabled={state.busy || traceId.trim() === ''} onClick={run} data-testid="evaluator-try-run">
          {state.busy ? 'Asking the judge…' : 'Run'}
        </button>
      </div>
      <FormError message={state.error} />
      {r && (
        <div data-testid="evaluator-try-result">
          <p>
            <strong>{r.label ?? r.score}</strong> {r.reasoning && <span class="muted">— {r.reasoning}</span>} <span class="muted">(span {r.spanId}; not stored)</span>
          </p>
          <details>
            <summary>Prompt sent</summary>
            <pre class="prompt-text">{r.prompt}</pre>
          </details>
        </div>
      )}
    </div>
  );
}
