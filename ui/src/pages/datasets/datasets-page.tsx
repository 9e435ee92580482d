// The project's datasets (Langfuse-style: items to run experiments on, and the runs made), and a form for a new one.

import { useState } from 'preact/hooks';
import type { DatasetListDto, DatasetSummaryDto } from '../../api/types.js';
import { DATASETS_API } from '../../api/datasets.js';
import { useApi } from '../../lib/use-api.js';
import { Empty, ErrorBox, Loading } from '../../components/common.js';
import { formatInt, formatTimestamp } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { NewDatasetForm } from './new-dataset-form.js';

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
      {list.error && <ErrorBox message={list.error} onRetry={list.reload} />}
      {list.loading && !list.data && <Loading label="Loading datasets…" />}
      {list.data && datasets.length === 0 && (
        <Empty>
          <div data-testid="datasets-empty">
            No datasets yet. Create one with the form above ("New dataset"), or with a Langfuse SDK pointed at this server, e.g.{' '}
            <code>{`langfuse.api.datasets.create({ name: "support-qa" })`}</code>, then add items with{' '}
            <code>{`langfuse.api.datasetItems.create({ datasetName: "support-qa", input, expectedOutput })`}</code> or from a span's panel on a trace
            ("Add to dataset").
          </div>
        </Empty>
      )}
      {datasets.length > 0 && <DatasetsTable datasets={datasets} />}
    </section>
  );
}

function DatasetsTable({ datasets }: { datasets: DatasetSummaryDto[] }) {
  return (
    <div class="table-wrap">
      <table class="data-table" data-testid="datasets-table">
        <caption class="sr-only">Datasets</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Description</th>
            <th scope="col" class="num">Items</th>
            <th scope="col" class="num">Runs</th>
            <th scope="col">Last run</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((d) => (
            <tr key={d.name} data-testid="dataset-row">
              <td class="name-cell">
                <Link href={paths.dataset(d.name)}>{d.name}</Link>
              </td>
              <td class="muted">{d.description ?? ''}</td>
              <td class="num">{formatInt(d.items)}</td>
              <td class="num">{formatInt(d.runs)}</td>
              <td class="nowrap">{formatTimestamp(Date.parse(d.lastRunAt ?? ''))}</td>
              <td class="nowrap">{formatTimestamp(Date.parse(d.updatedAt))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
