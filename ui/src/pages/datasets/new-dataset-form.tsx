// A new dataset from the UI: its name and description, then the dataset opens.

import { useState } from 'preact/hooks';
import { createDataset } from '../../api/datasets.js';
import { FormError } from '../../components/common.js';

export function NewDatasetForm({ onCreated }: { onCreated: (name: string) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const save = () => {
    setState({ busy: true, error: null });
    createDataset({ name: name.trim(), ...(description.trim() && { description: description.trim() }) }).then(
      (created) => onCreated(created.name),
      (err: Error) => setState({ busy: false, error: err.message }),
    );
  };
  return (
    <form class="dataset-form" data-testid="dataset-new" aria-label="New dataset" onSubmit={(e) => (e.preventDefault(), save())}>
      <div class="dataset-form-row">
        <label>
          Name <input size={28} required placeholder="e.g. support-qa" value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={256} />
        </label>
        <label>
          Description <input size={48} value={description} onInput={(e) => setDescription(e.currentTarget.value)} maxLength={1024} />
        </label>
        <button type="submit" class="btn small primary" disabled={state.busy || !name.trim()}>
          Create dataset
        </button>
      </div>
      <FormError message={state.error} />
    </form>
  );
}
