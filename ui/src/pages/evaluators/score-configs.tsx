// Score configs (Langfuse's): what a score of a name may be — a number within bounds, one of some labels, true /
// false, or free text. The list (archived ones too, to restore), a form for a new one, and archiving: the score forms of the span
// panel and the session page offer the live ones, and scores naming one are checked against it.

import { useState } from 'preact/hooks';
import type { ScoreConfigDto, ScoreConfigListDto } from '../../api/types.js';
import { apiPatch, apiPost, apiUrl } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';
import { FormError, ListStatus } from '../../components/common.js';
import { DataTable, srOnly, type Column } from '../../components/data-table.js';
import { Select, type SelectOption } from '../../components/select.js';
import { configBody, configValues, emptyConfigFields, MAX_TEXT_SCORE, type ConfigFields, type ScoreConfigDataType } from '../../lib/score-config.js';

const TYPES: SelectOption<ScoreConfigDataType>[] = [
  { value: 'NUMERIC', text: 'numeric' },
  { value: 'CATEGORICAL', text: 'categorical' },
  { value: 'BOOLEAN', text: 'boolean (true / false)' },
  { value: 'TEXT', text: 'text (free-form)' },
];

const COLUMNS: Column<ScoreConfigDto>[] = [
  { header: 'Name', cell: (c) => c.name },
  { header: 'Type', cell: (c) => c.dataType.toLowerCase() },
  { header: 'Range / categories', cell: (c) => configValues(c) },
  { header: 'Description', class: 'muted', cell: (c) => c.description ?? '' },
  { header: 'Status', cell: (c) => (c.isArchived ? 'archived' : 'live') },
];

/** The last column: archive a live config, restore an archived one. */
const archiveColumn = (onArchive: (c: ScoreConfigDto, archived: boolean) => void): Column<ScoreConfigDto> => ({
  header: srOnly('Actions'),
  cell: (c) => (
    <button type="button" class="btn small" data-testid={c.isArchived ? 'score-config-restore' : 'score-config-archive'} onClick={() => onArchive(c, !c.isArchived)} title={c.isArchived ? undefined : 'Scores can no longer name it; it stays, and can be restored'}>
      {c.isArchived ? 'Restore' : 'Archive'}
    </button>
  ),
});

export function ScoreConfigs() {
  const list = useApi<ScoreConfigListDto>(apiUrl('/api/v1/score-configs', { includeArchived: true }));
  const configs = list.data?.configs ?? [];
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const setArchived = (c: ScoreConfigDto, isArchived: boolean) => {
    setError(null);
    apiPatch(apiUrl(`/api/v1/score-configs/${encodeURIComponent(c.id)}`), { isArchived }).then(list.reload, (err: Error) => setError(err.message));
  };
  return (
    <section aria-labelledby="score-configs-title" data-testid="score-configs">
      <div class="page-head section-head">
        <h2 id="score-configs-title">Score configs</h2>
        <button type="button" class="btn small" data-testid="score-config-create" onClick={() => setCreating(!creating)}>
          {creating ? 'Cancel' : 'New score config'}
        </button>
      </div>
      {creating && <ScoreConfigForm onSaved={() => (setCreating(false), list.reload())} />}
      <FormError message={error} />
      <ListStatus
        list={{ ...list, rows: configs }}
        loadingLabel="Loading score configs…"
        empty={
          <>
            No score configs yet. A config says what a score of its name may be — a number within bounds, one of a few labels, true / false, or free text; the
            score forms of spans and sessions then offer it, and the API checks each score that names it.
          </>
        }
      />
      <DataTable
        columns={[...COLUMNS, archiveColumn(setArchived)]}
        rows={configs}
        rowKey={(c) => c.id}
        caption="Score configs"
        testid="score-configs-table"
        rowTestid="score-config-row"
        rowAttrs={(c) => ({ class: c.isArchived ? 'muted' : undefined, 'data-archived': c.isArchived })}
      />
    </section>
  );
}

/** A new config: name, type, and the type's own fields (bounds, categories); the API's refusal shown as it says it. */
function ScoreConfigForm({ onSaved }: { onSaved: () => void }) {
  const [f, setF] = useState<ConfigFields>(emptyConfigFields);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const text = (k: Exclude<keyof ConfigFields, 'dataType'>, label: string, props: Record<string, unknown> = {}) => (
    <label>
      {label} <input value={f[k]} onInput={(e) => setF({ ...f, [k]: e.currentTarget.value })} data-testid={`score-config-${k}`} {...props} />
    </label>
  );
  const save = () => {
    const body = configBody(f);
    if (typeof body === 'string') return setState({ busy: false, error: body });
    setState({ busy: true, error: null });
    apiPost(apiUrl('/api/v1/score-configs'), body).then(onSaved, (err: Error) => setState({ busy: false, error: err.message }));
  };
  return (
    <form class="prompt-form" data-testid="score-config-form" aria-label="New score config" onSubmit={(e) => (e.preventDefault(), save())}>
      <div class="prompt-form-row">
        {text('name', 'Name', { size: 20, required: true, maxLength: 35, placeholder: 'e.g. accuracy' })}
        <label>
          Type{' '}
          <Select value={f.dataType} options={TYPES} onPick={(dataType) => setF({ ...f, dataType })} testid="score-config-dataType" />
        </label>
        {f.dataType === 'NUMERIC' && text('minValue', 'Minimum', { size: 6, inputMode: 'decimal', placeholder: 'none' })}
        {f.dataType === 'NUMERIC' && text('maxValue', 'Maximum', { size: 6, inputMode: 'decimal', placeholder: 'none' })}
        {f.dataType === 'CATEGORICAL' && text('categories', 'Categories', { size: 36, placeholder: 'e.g. friendly = 1, neutral = 0, rude = -1' })}
        {f.dataType === 'BOOLEAN' && <span class="muted">scores are true (1) or false (0)</span>}
        {f.dataType === 'TEXT' && <span class="muted">scores are free text, up to {MAX_TEXT_SCORE} characters</span>}
      </div>
      <div class="prompt-form-row">
        {text('description', 'Description', { size: 48, maxLength: 4096, placeholder: 'optional' })}
        <button type="submit" class="btn small primary" disabled={state.busy}>
          Create score config
        </button>
      </div>
      <FormError message={state.error} />
    </form>
  );
}
