// The project's datasets (Langfuse-style: items to run experiments on, and the runs made), and a form for a new one.

import { useState } from 'preact/hooks';
import type { DatasetListDto, DatasetSummaryDto } from '../../api/types.js';
import { DATASETS_API } from '../../api/datasets.js';
import { useApi } from '../../lib/use-api.js';
import { ListStatus } from '../../components/common.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { formatInt, formatTimestamp } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { NewDatasetForm } from './new-dataset-form.js';

const COLUMNS: Column<DatasetSummaryDto>[] = [
  { header: 'Name', class: 'name-cell', cell: (d) => <Link href={paths.dataset(d.name)}>{d.name}</Link> },
  { header: 'Description', class: 'muted', cell: (d) => d.description ?? '' },
  { header: 'Items', numeric: true, cell: (d) => formatInt(d.items) },
  { header: 'Runs', numeric: true, cell: (d) => formatInt(d.runs) },
  { header: 'Last run', class: 'nowrap', cell: (d) => formatTimestamp(Date.parse(d.lastRunAt ?? '')) },
  { header: 'Updated', class: 'nowrap', cell: (d) => formatTimestamp(Date.parse(d.updatedAt)) },
];

export function DatasetsPage() {
  const list = useApi<DatasetListDto>(DATASETS_API);
  const datasets = list.data?.datasets ?? [];
  const [creating, setCreating] = useState(false);
  return (
    <section class="page" aria-labelledby="datasets-title">
      <div class="page-head">
        <h1 id="datasets-title">Datasets</h1>
        <button type="button" class="btn small" data-testid="dataset-create" onClick={() => setCreating(!creating)}>
          {creating ? 'Cancel' : 'New dataset'}
        </button>
      </div>
      {creating && <NewDatasetForm onCreated={(name) => navigate(paths.dataset(name))} />}
      <ListStatus
        list={{ ...list, rows: datasets }}
        loadingLabel="Loading datasets…"
        empty={
          <div data-testid="datasets-empty">
            No datasets yet. Create one with the form above ("New dataset"), or with a Langfuse SDK pointed at this server, e.g.{' '}
            <code>{`langfuse.api.datasets.create({ name: "support-qa" })`}</code>, then add items with{' '}
            <code>{`langfuse.api.datasetItems.create({ datasetName: "support-qa", input, expectedOutput })`}</code> or from a span's panel on a trace
            ("Add to dataset").
          </div>
        }
      />
      <DataTable columns={COLUMNS} rows={datasets} rowKey={(d) => d.name} caption="Datasets" testid="datasets-table" rowTestid="dataset-row" />
    </section>
  );
}
