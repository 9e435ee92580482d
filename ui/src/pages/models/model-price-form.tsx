// A new model price of the project: its name, the pattern matching span model names (the exact name, any case, until
// edited), when it starts, and its prices per 1M tokens. The server's refusal shows under the form.

import { useState } from 'preact/hooks';
import type { ModelPriceDto } from '../../api/types.js';
import { createModelPrice } from '../../api/model-prices.js';
import { FormError } from '../../components/common.js';
import { emptyModelPriceFields, modelPriceBody, patternOfFields, PRICE_FIELDS, type ModelPriceFields } from '../../lib/model-prices.js';

export function ModelPriceForm({ onCreated }: { onCreated: (created: ModelPriceDto) => void }) {
  const [f, setF] = useState(emptyModelPriceFields);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const set = (k: keyof ModelPriceFields) => (e: { currentTarget: HTMLInputElement }) => setF((old) => ({ ...old, [k]: e.currentTarget.value }));
  const save = () => {
    const body = modelPriceBody(f);
    if (typeof body === 'string') return setState({ busy: false, error: body });
    setState({ busy: true, error: null });
    createModelPrice(body).then(
      (created) => (setF(emptyModelPriceFields()), setState({ busy: false, error: null }), onCreated(created)),
      (err: Error) => setState({ busy: false, error: err.message }),
    );
  };
  return (
    <form class="prompt-form model-form" data-testid="model-form" aria-label="New model price" onSubmit={(e) => (e.preventDefault(), save())}>
      <div class="prompt-form-row">
        <label>
          Model name <input size={24} required maxLength={256} placeholder="e.g. my-finetune-v2" value={f.modelName} onInput={set('modelName')} data-testid="model-name" />
        </label>
        <label>
          Match pattern <input size={36} class="mono" placeholder="(?i)^(name)$" value={patternOfFields(f)} onInput={set('matchPattern')} data-testid="model-pattern" />
        </label>
        <label>
          Starts on <input type="date" value={f.startDate} onInput={set('startDate')} data-testid="model-start" />
        </label>
      </div>
      <fieldset class="prompt-form-row">
        <legend>USD per 1M tokens</legend>
        {PRICE_FIELDS.map((p) => (
          <label key={p.field}>
            {p.label}{' '}
            <input type="number" min={0} step="any" size={8} required={p.required} placeholder={p.required ? undefined : p.unset} title={p.required ? undefined : `Unset: billed ${p.unset}`} value={f[p.field]} onInput={set(p.field)} data-testid={`model-price-${p.field}`} />
          </label>
        ))}
        <button type="submit" class="btn small primary" disabled={state.busy}>
          Add model
        </button>
      </fieldset>
      <FormError message={state.error} />
    </form>
  );
}
