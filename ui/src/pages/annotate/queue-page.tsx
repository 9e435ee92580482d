// One annotation queue, walked: its pending items one at a time (oldest first) — the trace or session the item points
// at, with a preview of a trace's input and output, and the score form restricted to the queue's score configs;
// "Complete and next" marks it done, "Skip" leaves it pending for later.

import { useState } from 'preact/hooks';
import type { AnnotationQueueDetailDto, QueueItemDto } from '../../api/types.js';
import { apiUrl } from '../../api/client.js';
import { queueUrl, setItemStatus } from '../../api/annotation-queues.js';
import { itemLabel, nextPending } from '../../lib/annotation-queue.js';
import { useApi } from '../../lib/use-api.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { ErrorBox, FormError, Loading } from '../../components/common.js';
import { ScoreForm, type ScoreTarget } from '../../components/score-form.js';
import { useTracePreviews } from '../traces/use-trace-previews.js';

export function QueuePage({ queueId }: { queueId: string }) {
  const queue = useApi<AnnotationQueueDetailDto>(apiUrl(queueUrl(queueId)));
  // Skipped this visit: shown again once every other pending item was.
  const [skipped, setSkipped] = useState<ReadonlySet<string>>(() => new Set());
  const q = queue.data;
  const item = q ? nextPending(q.items, skipped) : null;
  return (
    <section class="page" aria-labelledby="queue-title">
      <div class="page-head">
        <div>
          <h1 id="queue-title">{q?.name ?? 'Annotation queue'}</h1>
          {q && (
            <div class="muted" data-testid="queue-progress">
              {q.pending} pending · {q.completed} completed{q.description ? ` · ${q.description}` : ''}
            </div>
          )}
        </div>
        <Link class="btn" href={paths.annotate()}>
          All queues
        </Link>
      </div>
      {queue.error && <ErrorBox message={queue.error} onRetry={queue.reload} />}
      {queue.loading && !q && <Loading label="Loading queue…" />}
      {q && !item && (
        <p data-testid="queue-done">Nothing pending in this queue{q.completed > 0 ? `: all ${q.completed} done` : ''}.</p>
      )}
      {q && item && <QueueItemView key={item.id} queue={q} item={item} onDone={queue.reload} onSkip={() => setSkipped(new Set([...skipped, item.id]))} />}
    </section>
  );
}

function QueueItemView({ queue, item, onDone, onSkip }: { queue: AnnotationQueueDetailDto; item: QueueItemDto; onDone: () => void; onSkip: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const complete = () => {
    setBusy(true);
    setError(null);
    setItemStatus(queue.id, item.id, 'COMPLETED').then(onDone, (err: Error) => (setBusy(false), setError(err.message)));
  };
  const target = scoreTarget(item);
  return (
    <article class="card queue-item" data-testid="queue-item" data-object-id={item.objectId}>
      <h2>
        <ObjectLink item={item} />
      </h2>
      {item.objectType === 'TRACE' && <TracePreviewLines traceId={item.objectId} />}
      {target ? (
        <ScoreForm target={target} configIds={queue.scoreConfigIds} onScored={() => {}} />
      ) : (
        <p class="muted">A span is scored from its trace's span panel: open it above.</p>
      )}
      <div class="head-actions">
        <button type="button" class="btn small primary" data-testid="queue-complete" disabled={busy} onClick={complete}>
          Complete and next
        </button>
        <button type="button" class="btn small" data-testid="queue-skip" disabled={busy} onClick={onSkip}>
          Skip
        </button>
      </div>
      <FormError message={error} />
    </article>
  );
}

/** A trace is scored on its root span, a span by its trace (found when the span is stored). */
function scoreTarget(item: QueueItemDto): ScoreTarget | null {
  if (item.objectType === 'TRACE') return { traceId: item.objectId };
  if (item.objectType === 'SESSION') return { sessionId: item.objectId };
  return item.traceId ? { traceId: item.traceId, spanId: item.objectId } : null;
}

function ObjectLink({ item }: { item: QueueItemDto }) {
  if (item.objectType === 'TRACE') return <Link href={paths.trace(item.objectId)}>{itemLabel(item)}</Link>;
  if (item.objectType === 'SESSION') return <Link href={paths.session(item.objectId)}>{itemLabel(item)}</Link>;
  if (item.traceId) return <Link href={paths.trace(item.traceId, item.objectId)}>{itemLabel(item)}</Link>;
  return <span>{itemLabel(item)}</span>;
}

/** The trace's last user message and last answer, as the trace list shows them. */
function TracePreviewLines({ traceId }: { traceId: string }) {
  const preview = useTracePreviews([traceId]).get(traceId);
  if (!preview || (!preview.input && !preview.output)) return null;
  return (
    <dl class="queue-preview" data-testid="queue-item-preview">
      {preview.input && (
        <>
          <dt>Input</dt>
          <dd>{preview.input}</dd>
        </>
      )}
      {preview.output && (
        <>
          <dt>Output</dt>
          <dd>{preview.output}</dd>
        </>
      )}
    </dl>
  );
}
