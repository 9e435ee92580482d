// Online evaluators: a judge model scoring production spans as they come. The list (target, judge, sampling, scores
// written in the last 24 h, errors), and a form to create one or change the one picked, with a try on a trace.

import { useState } from 'preact/hooks';
import type { EvaluatorListItem, EvaluatorListResponse } from '../../api/types.js';
import { apiUrl } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';
import { Empty, ErrorBox, Loading } from '../../components/common.js';
import { formatInt } from '../../lib/format.js';
import { emptyFields, fieldsOf } from '../../lib/evaluator-form.js';
import { EvaluatorForm } from './evaluator-form.js';

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

export function EvaluatorsPage() {
  const list = useApi<EvaluatorListResponse>(apiUrl('/api/v1/evaluators'));
  const evaluators = list.data?.evaluators ?? [];
  // null: no form; '': a new evaluator; else the name of the one edited.
  const [editing, setEditing] = useState<string | null>(null);
  const picked = evaluators.find((e) => e.name === editing);
  const saved = () => (setEditing(null), list.reload());
  return (
    <section class="page" aria-labelledby="evaluators-title">
      <div class="page-head">
        <h1 id="evaluators-title">Evaluators</h1>
        <button type="button" class="btn small" data-testid="evaluator-create" onClick={() => setEditing(editing === '' ? null : '')}>
          {editing === '' ? 'Cancel' : 'New evaluator'}
        </button>
      </div>
      {editing === '' && <EvaluatorForm initial={emptyFields()} onSaved={saved} />}
      {list.error && <ErrorBox message={list.error} onRetry={list.reload} />}
      {list.loading && !list.data && <Loading label="Loading evaluators…" />}
      {list.data && evaluators.length === 0 && (
        <Empty>
          No evaluators yet. An evaluator asks a judge model (any OpenAI-compatible API) to score new model calls or traces, and keeps each
          verdict as an evaluation of the span. Its API key stays in the query service's environment: name the variable holding it.
        </Empty>
      )}
      {evaluators.length > 0 && (
        <div class="table-wrap">
          <table class="data-table" data-testid="evaluators-table">
            <caption class="sr-only">Evaluators</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Scores</th>
                <th scope="col">Judge</th>
                <th scope="col" class="num">Sampling</th>
                <th scope="col">Enabled</th>
                <th scope="col" class="num">Scores, 24 h</th>
                <th scope="col">Errors</th>
                <th scope="col"><span class="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {evaluators.map((e) => (
                <EvaluatorRow key={e.name} e={e} onEdit={() => setEditing(editing === e.name ? null : e.name)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {picked && <EvaluatorForm key={picked.name} initial={fieldsOf(picked)} editing={picked.name} onSaved={saved} />}
    </section>
  );
}

function EvaluatorRow({ e, onEdit }: { e: EvaluatorListItem; onEdit: () => void }) {
  return (
    <tr data-testid="evaluator-row">
      <td>{e.name}</td>
      <td>{e.target === 'llm' ? 'model calls' : 'traces'}</td>
      <td>
        {e.judge.model}
        {!e.judge.apiKeySet && (
          <span class="muted" title={e.judge.problem ?? undefined}>
            {' '}
            (not callable here)
          </span>
        )}
      </td>
      <td class="num">{percent(e.samplingRate)}</td>
      <td>{e.enabled ? 'yes' : 'no'}</td>
      <td class="num">{formatInt(e.scoresLast24h)}</td>
      <td class="muted" title={e.lastError ?? undefined}>
        {e.errors > 0 ? `${formatInt(e.errors)}: ${e.lastError}` : ''}
      </td>
      <td>
        <button type="button" class="btn small" onClick={onEdit} data-testid="evaluator-edit">
          Edit
        </button>
      </td>
    </tr>
  );
}
