// "Add to dataset" in the span panel: the span's input and output become a dataset item (expected output = what the
// span answered), in a dataset picked from the list or a new one named here.

import { useState } from 'preact/hooks';
import type { DatasetListDto } from '../../api/types.js';
import { addDatasetItem, createDataset, DATASETS_API } from '../../api/datasets.js';
import { ErrorBox, FormError } from '../../components/common.js';
import { ValuePreview } from '../../components/value-preview.js';
import type { SpanItemBody } from '../../lib/dataset-item.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { useApi } from '../../lib/use-api.js';

type Status = { busy: boolean; error: string | null; added: { name: string; created: boolean } | null };

export function AddToDatasetForm({ item }: { item: SpanItemBody }) {
  const list = useApi<DatasetListDto>(DATASETS_API);
  const names = (list.data?.datasets ?? []).map((d) => d.name);
  const [name, setName] = useState('');
  const [status, setStatus] = useState<Status>({ busy: false, error: null, added: null });
  const add = async () => {
    const target = name.trim();
    // Only an unknown name is created: the create call upserts, and would reset a dataset's description.
    const created = !names.includes(target);
    setStatus({ busy: true, error: null, added: null });
    try {
      if (created) await createDataset({ name: target });
      await addDatasetItem(target, item);
      setStatus({ busy: false, error: null, added: { name: target, created } });
      if (created) list.reload();
    } catch (err) {
      setStatus({ busy: false, error: (err as Error).message, added: null });
    }
  };
  return (
    <form class="add-to-dataset" data-testid="add-to-dataset-form" aria-label="Add to dataset" onSubmit={(e) => (e.preventDefault(), add())}>
      {list.error && <ErrorBox message={`The datasets could not be listed: ${list.error}`} onRetry={list.reload} />}
      <div class="score-row">
        <label>
          Dataset{' '}
          <input list="dataset-names" size={24} required placeholder="pick one or name a new one" value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={256} />
        </label>
        <datalist id="dataset-names">
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <button type="submit" class="btn small primary" disabled={status.busy || !list.data || !name.trim()}>
          {name.trim() && list.data && !names.includes(name.trim()) ? 'Create and add' : 'Add item'}
        </button>
      </div>
      <h3 class="sub">Input</h3>
      <ValuePreview value={item.input} maxLines={4} />
      <h3 class="sub">Expected output</h3>
      <ValuePreview value={item.expectedOutput} maxLines={4} />
      <FormError message={status.error} />
      {status.added && (
        <div role="status" data-testid="add-to-dataset-done">
          Added to {status.added.created && 'the new dataset '}
          <Link href={paths.dataset(status.added.name)}>{status.added.name}</Link>.
        </div>
      )}
    </form>
  );
}
