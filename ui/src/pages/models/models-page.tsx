// Model prices: the project's own models (matched against a span's model before anything else) with a form to add
// one and a delete, then the built-in catalog's, filtered as you type. Prices per 1M tokens, as the API works them out.

import { useMemo, useState } from 'preact/hooks';
import type { ModelPriceDto, ModelPriceListDto } from '../../api/types.js';
import { deleteModelPrice, MODEL_PRICES_API } from '../../api/model-prices.js';
import { useApi } from '../../lib/use-api.js';
import { ListStatus } from '../../components/common.js';
import { ConfirmAction } from '../../components/confirm-action.js';
import { DataTable, srOnly, type Column } from '../../components/data-table.js';
import { formatTimestamp } from '../../lib/format.js';
import { filterModels, formatPerMillion, formatStartDate, PRICE_FIELDS, providerOf, type PriceField } from '../../lib/model-prices.js';
import { ModelPriceForm } from './model-price-form.js';

const rateOf = (m: ModelPriceDto, field: PriceField) => m.perMillionTokens?.[field] ?? null;

const priceColumn = (field: PriceField): Column<ModelPriceDto> => {
  const { label, unset } = PRICE_FIELDS.find((p) => p.field === field)!;
  return {
    header: label,
    numeric: true,
    attrs: (m) => ({ title: rateOf(m, field) === null ? `no ${label.toLowerCase()} price: billed ${unset}` : undefined }),
    cell: (m) => formatPerMillion(rateOf(m, field)),
  };
};

/** Reasoning only in the project's table: the catalog prices none (it bills reasoning as output). */
const PRICE_COLUMNS = (['input', 'output', 'cacheRead', 'cacheWrite'] as const).map(priceColumn);
const PATTERN: Column<ModelPriceDto> = { header: 'Match pattern', class: 'mono muted', cell: (m) => m.matchPattern };

/** A model priced in another unit than tokens (made through Langfuse's API) prices no span: spans count tokens. */
const name = (m: ModelPriceDto) => (
  <>
    {m.modelName}
    {m.perMillionTokens === null && <span class="muted"> (no token price: prices no span)</span>}
  </>
);

const CATALOG_COLUMNS: Column<ModelPriceDto>[] = [
  { header: 'Provider', class: 'muted', cell: (m) => providerOf(m) ?? '' },
  { header: 'Model', cell: (m) => m.modelName },
  PATTERN,
  ...PRICE_COLUMNS,
];

function projectColumns(onDeleted: () => void): Column<ModelPriceDto>[] {
  return [
    { header: 'Model', class: 'name-cell', cell: name },
    PATTERN,
    { header: 'Starts', class: 'nowrap', cell: (m) => formatStartDate(m.startDate) },
    ...PRICE_COLUMNS,
    priceColumn('reasoning'),
    { header: 'Created', class: 'nowrap', cell: (m) => formatTimestamp(Date.parse(m.createdAt ?? '')) },
    {
      header: srOnly('Delete'),
      cell: (m) => (
        <ConfirmAction
          label="Delete"
          testid="model-delete"
          title={`Delete the price of ${m.modelName}`}
          confirm="Delete"
          warning="New spans stop using it; stored spans keep their cost until repriced."
          run={() => deleteModelPrice(m.id).then(onDeleted)}
        />
      ),
    },
  ];
}

export function ModelsPage({ search }: { search: string }) {
  const list = useApi<ModelPriceListDto>(MODEL_PRICES_API);
  const models = list.data?.models ?? [];
  const own = models.filter((m) => !m.builtIn);
  const catalog = useMemo(() => models.filter((m) => m.builtIn), [list.data]);
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => filterModels(catalog, filter), [catalog, filter]);
  // Opened from a span's cost: the project model that priced it.
  const marked = new URLSearchParams(search).get('model');
  const columns = useMemo(() => projectColumns(list.reload), [list.reload]);
  return (
    <section class="page" aria-labelledby="models-title">
      <div class="page-head">
        <h1 id="models-title">Models</h1>
      </div>
      <p class="muted" data-testid="models-note">
        A span's model (the response model, else the request model) is priced by the project's models first, then by the collector's
        configured prices, then by the built-in catalog. A project model prices the spans received after it is added (within ~10 s where the
        collector runs apart); <code>watchllm reprice --since 7d</code> re-prices the stored ones.
      </p>
      <h2>Project models</h2>
      <ModelPriceForm onCreated={list.reload} />
      <ListStatus
        list={{ ...list, rows: own }}
        loadingLabel="Loading models…"
        empty={<span data-testid="models-empty">No models of this project yet: add one above, or with a Langfuse SDK (<code>langfuse.api.models.create(…)</code>).</span>}
      />
      {marked && list.data && !own.some((m) => m.id === marked) && <p class="muted">The project model that priced that span ({marked}) no longer exists.</p>}
      <DataTable
        columns={columns}
        rows={own}
        rowKey={(m) => m.id}
        caption="Project models"
        testid="models-table"
        rowTestid="model-row"
        rowAttrs={(m) => ({ class: m.id === marked ? 'marked' : undefined, 'data-model-id': m.id })}
      />
      {catalog.length > 0 && (
        <>
          <div class="page-head models-catalog-head">
            <h2>Built-in models</h2>
            <label>
              <span class="sr-only">Filter built-in models</span>
              <input class="input" type="search" placeholder="Filter by name, provider or pattern" size={32} value={filter} onInput={(e) => setFilter(e.currentTarget.value)} data-testid="catalog-filter" />
            </label>
          </div>
          <p class="muted" data-testid="catalog-count">
            {shown.length === catalog.length ? `${catalog.length} models` : `${shown.length} of ${catalog.length} models`} from the genai-prices catalog, read-only: to
            price one your way, add a project model whose pattern matches the same names.
          </p>
          <DataTable columns={CATALOG_COLUMNS} rows={shown} rowKey={(m) => m.id} caption="Built-in models" testid="catalog-table" rowTestid="catalog-row" class="compact" empty={`No built-in model matches "${filter.trim()}".`} />
        </>
      )}
    </section>
  );
}
