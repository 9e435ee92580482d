// Online evaluators: a judge model scoring production spans as they come. The list (target, judge, sampling, scores
// written in the last 24 h, errors), and a form to create one or change the one picked, with a try on a trace. Below
// them, the project's score configs: what the scores people give may be.

import { useState } from 'preact/hooks';
import type { EvaluatorListItem, EvaluatorListResponse } from '../../api/types.js';
import { apiUrl } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';
import { ListStatus } from '../../components/common.js';
import { DataTable, srOnly, type Column } from '../../components/data-table.js';
import { formatInt } from '../../lib/format.js';
import { emptyFields, fieldsOf } from '../../lib/evaluator-form.js';
import { EvaluatorForm } from './evaluator-form.js';
import { ScoreConfigs } from './score-configs.js';

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

const COLUMNS: Column<EvaluatorListItem>[] = [
  { header: 'Name', cell: (e) => e.name },
  { header: 'Scores', cell: (e) => (e.target === 'llm' ? 'model calls' : 'traces') },
  {
    header: 'Judge',
    cell: (e) => (
      <>
        {e.judge.model}
        {!e.judge.apiKeySet && (
          <span class="muted" title={e.judge.problem ?? undefined}>
            {' '}
            (not callable here)
          </span>
        )}
      </>
    ),
  },
  { header: 'Sampling', numeric: true, cell: (e) => percent(e.samplingRate) },
  { header: 'Enabled', cell: (e) => (e.enabled ? 'yes' : 'no') },
  { header: 'Scores, 24 h', numeric: true, cell: (e) => formatInt(e.scoresLast24h) },
  { header: 'Errors', class: 'muted', attrs: (e) => ({ title: e.lastError ?? undefined }), cell: (e) => (e.errors > 0 ? `${formatInt(e.errors)}: ${e.lastError}` : '') },
];

/** The last column: a button that opens (or closes) the form on that evaluator. */
const editColumn = (onEdit: (name: string) => void): Column<EvaluatorListItem> => ({
  header: srOnly('Actions'),
  cell: (e) => (
    <button type="button" class="btn small" onClick={() => onEdit(e.name)} data-testid="evaluator-edit">
      Edit
    </button>
  ),
});

export function EvaluatorsPage() {
  const list = useApi<EvaluatorListResponse>(apiUrl('/api/v1/evaluators'));
  const evaluators = list.data?.evaluators ?? [];
  // null: no form; '': a new evaluator; else the name of the one edited.
  const [editing, setEditing] = useState<string | null>(null);
  const picked = evaluators.find((e) => e.name === editing);
  const saved = () => (setEditing(null), list.reload());
  const columns = [...COLUMNS, editColumn((name) => setEditing(editing === name ? null : name))];
  return (
    <section class="page" aria-labelledby="evaluators-title">
      <div class="page-head">
        <h1 id="evaluators-title">Evaluators</h1>
        <button type="button" class="btn small" data-testid="evaluator-create" onClick={() => setEditing(editing === '' ? null : '')}>
          {editing === '' ? 'Cancel' : 'New evaluator'}
        </button>
      </div>
      {editing === '' && <EvaluatorForm initial={emptyFields()} onSaved={saved} />}
      <ListStatus
        list={{ ...list, rows: evaluators }}
        loadingLabel="Loading evaluators…"
        empty={
          <>
            No evaluators yet. An evaluator asks a judge model (any OpenAI-compatible API) to score new model calls or traces, and keeps each
            verdict as an evaluation of the span. Its API key stays in the query service's environment: name the variable holding it.
          </>
        }
      />
      <DataTable columns={columns} rows={evaluators} rowKey={(e) => e.name} caption="Evaluators" testid="evaluators-table" rowTestid="evaluator-row" />
      {picked && <EvaluatorForm key={picked.name} initial={fieldsOf(picked)} editing={picked.name} onSaved={saved} />}
      <ScoreConfigs />
    </section>
  );
}
