// Annotation queues: the project's queues with how many items are left and done, and a form for a new one (a name,
// a description, the score configs its items are scored with). A queue opens its walk (queue-page.tsx).

import { useState } from 'preact/hooks';
import type { AnnotationQueueListDto, AnnotationQueueSummaryDto, ScoreConfigListDto } from '../../api/types.js';
import { apiUrl } from '../../api/client.js';
import { createQueue, QUEUES_API } from '../../api/annotation-queues.js';
import { useApi } from '../../lib/use-api.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { formatTimestamp } from '../../lib/format.js';
import { FormError, ListStatus } from '../../components/common.js';
import { DataTable, type Column } from '../../components/data-table.js';

const COLUMNS: Column<AnnotationQueueSummaryDto>[] = [
  { header: 'Queue', class: 'name-cell', cell: (q) => <Link href={paths.annotateQueue(q.id)}>{q.name}</Link> },
  { header: 'Description', class: 'muted', cell: (q) => q.description ?? '' },
  { header: 'Pending', numeric: true, attrs: () => ({ 'data-testid': 'queue-pending' }), cell: (q) => q.pending },
  { header: 'Completed', numeric: true, attrs: () => ({ 'data-testid': 'queue-completed' }), cell: (q) => q.completed },
  { header: 'Created', class: 'nowrap', cell: (q) => formatTimestamp(Date.parse(q.createdAt)) },
];

export function AnnotatePage() {
  const list = useApi<AnnotationQueueListDto>(apiUrl(QUEUES_API));
  const queues = list.data?.queues ?? [];
  const [creating, setCreating] = useState(false);
  return (
    <section class="page" aria-labelledby="annotate-title">
      <div class="page-head">
        <h1 id="annotate-title">Annotate</h1>
        <button type="button" class="btn small" data-testid="queue-create" onClick={() => setCreating(!creating)}>
          {creating ? 'Cancel' : 'New queue'}
        </button>
      </div>
      <p class="muted">
        A queue holds traces and sessions for people to score with its score configs, one after the other. Add a trace from its page (Add to queue), or
        with a Langfuse SDK (<code>langfuse.api.annotationQueues.createQueueItem(…)</code>).
      </p>
      {creating && <QueueForm onCreated={() => (setCreating(false), list.reload())} />}
      <ListStatus list={{ ...list, rows: queues }} loadingLabel="Loading queues…" empty={<span data-testid="queues-empty">No annotation queues yet: create one above.</span>} />
      <DataTable columns={COLUMNS} rows={queues} rowKey={(q) => q.id} caption="Annotation queues" testid="queues-table" rowTestid="queue-row" />
    </section>
  );
}

/** A new queue; its configs picked among the project's live ones; the API's refusal shown as it says it. */
function QueueForm({ onCreated }: { onCreated: () => void }) {
  const configs = useApi<ScoreConfigListDto>(apiUrl('/api/v1/score-configs')).data?.configs ?? [];
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const toggle = (id: string) => setPicked(picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id]);
  const save = () => {
    setState({ busy: true, error: null });
    createQueue({ name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), scoreConfigIds: picked }).then(onCreated, (err: Error) => setState({ busy: false, error: err.message }));
  };
  return (
    <form class="prompt-form" data-testid="queue-form" aria-label="New annotation queue" onSubmit={(e) => (e.preventDefault(), save())}>
      <div class="prompt-form-row">
        <label>
          Name <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={256} size={24} data-testid="queue-name" />
        </label>
        <label>
          Description <input value={description} onInput={(e) => setDescription(e.currentTarget.value)} maxLength={4096} size={40} placeholder="optional" data-testid="queue-description" />
        </label>
      </div>
      <fieldset class="prompt-form-row" data-testid="queue-configs">
        <legend>Score with</legend>
        {configs.length === 0 && <span class="muted">No score configs yet (Evaluators page): the queue's items get free scores.</span>}
        {configs.map((c) => (
          <label key={c.id}>
            <input type="checkbox" checked={picked.includes(c.id)} onChange={() => toggle(c.id)} data-testid={`queue-config-${c.name}`} /> {c.name}
          </label>
        ))}
      </fieldset>
      <button type="submit" class="btn small primary" disabled={state.busy || !name.trim()}>
        Create queue
      </button>
      <FormError message={state.error} />
    </form>
  );
}
