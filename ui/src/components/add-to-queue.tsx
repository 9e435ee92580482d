// "Add to queue": puts the object on screen (a trace, a session) in one of the project's annotation queues.

import { useState } from 'preact/hooks';
import type { AnnotationQueueListDto, QueueItemDto } from '../api/types.js';
import { apiUrl } from '../api/client.js';
import { addQueueItem, QUEUES_API } from '../api/annotation-queues.js';
import { useApi } from '../lib/use-api.js';
import { Link } from '../lib/router.js';
import { paths } from '../lib/routes.js';
import { FormError } from './common.js';
import { Select } from './select.js';

export function AddToQueue({ objectType, objectId }: { objectType: QueueItemDto['objectType']; objectId: string }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" class="btn small" data-testid="add-to-queue" onClick={() => setOpen(true)}>
        Add to queue
      </button>
    );
  }
  return <QueuePicker objectType={objectType} objectId={objectId} onClose={() => setOpen(false)} />;
}

function QueuePicker({ objectType, objectId, onClose }: { objectType: QueueItemDto['objectType']; objectId: string; onClose: () => void }) {
  const queues = useApi<AnnotationQueueListDto>(apiUrl(QUEUES_API)).data?.queues;
  const [picked, setPicked] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null; added: string | null }>({ busy: false, error: null, added: null });
  const queueId = picked || queues?.[0]?.id || '';
  const add = () => {
    setState({ busy: true, error: null, added: null });
    addQueueItem(queueId, objectType, objectId).then(
      () => setState({ busy: false, error: null, added: queues?.find((q) => q.id === queueId)?.name ?? queueId }),
      (err: Error) => setState({ busy: false, error: err.message, added: null }),
    );
  };
  if (queues && queues.length === 0) {
    return (
      <span class="muted" data-testid="add-to-queue-none">
        No annotation queues yet: <Link href={paths.annotate()}>create one</Link>.
      </span>
    );
  }
  return (
    <form class="add-to-queue" aria-label="Add to an annotation queue" onSubmit={(e) => (e.preventDefault(), add())}>
      <Select value={queueId} options={(queues ?? []).map((q) => ({ value: q.id, text: q.name }))} onPick={setPicked} testid="add-to-queue-pick" />
      <button type="submit" class="btn small" data-testid="add-to-queue-submit" disabled={state.busy || !queueId}>
        Add
      </button>
      <button type="button" class="btn small" onClick={onClose}>
        Close
      </button>
      {state.added && (
        <span class="muted" role="status" data-testid="add-to-queue-done">
          Added to <Link href={paths.annotateQueue(queueId)}>{state.added}</Link>.
        </span>
      )}
      <FormError message={state.error} />
    </form>
  );
}
