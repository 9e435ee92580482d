// One dataset: its description and metadata, its experiment runs (pick some to compare) and its items.

import type { DatasetDetailDto } from '../../api/types.js';
import { datasetApi } from '../../api/datasets.js';
import { useApi } from '../../lib/use-api.js';
import { Empty, ErrorBox, KeyValues, Loading } from '../../components/common.js';
import { formatTimestamp } from '../../lib/format.js';
import { prettyValue } from '../../lib/json.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { ItemsTable } from './items-table.js';
import { RunsTable } from './runs-table.js';

export function DatasetPage({ name }: { name: string }) {
  const detail = useApi<DatasetDetailDto>(datasetApi(name));
  const d = detail.data;
  return (
    <section class="page" aria-labelledby="dataset-title">
      <div class="page-head">
        <div>
          <h1 id="dataset-title">{name}</h1>
          {d?.dataset.description && <p class="muted" data-testid="dataset-description">{d.dataset.description}</p>}
        </div>
        <Link href={paths.datasets()}>All datasets</Link>
      </div>
      {detail.error && <ErrorBox message={detail.error} onRetry={detail.reload} />}
      {detail.loading && !d && <Loading label="Loading the dataset…" />}
      {d && (
        <>
          <DatasetFacts dataset={d.dataset} />
          <h2>Runs ({d.runs.length})</h2>
          {d.runs.length > 0 ? (
            <RunsTable dataset={name} runs={d.runs} />
          ) : (
            <Empty>
              No runs yet. Run an experiment over this dataset with a Langfuse SDK (<code>dataset.runExperiment(…)</code> in JS,{' '}
              <code>dataset.run_experiment(…)</code> in Python), or link traces to items with <code>langfuse.api.datasetRunItems.create(…)</code>.
            </Empty>
          )}
          <h2>Items ({d.items.length})</h2>
          {d.items.length > 0 ? (
            <ItemsTable items={d.items} />
          ) : (
            <Empty>
              No items yet. Add a span from its panel on a trace page ("Add to dataset"), or use{' '}
              <code>{`langfuse.api.datasetItems.create({ datasetName: ${JSON.stringify(name)}, input, expectedOutput })`}</code>.
            </Empty>
          )}
        </>
      )}
    </section>
  );
}

function DatasetFacts({ dataset }: { dataset: DatasetDetailDto['dataset'] }) {
  const metadata = prettyValue(dataset.metadata);
  return (
    <KeyValues
      items={[
        ['Created', formatTimestamp(Date.parse(dataset.createdAt))],
        ['Updated', formatTimestamp(Date.parse(dataset.updatedAt))],
        ['Metadata', metadata && metadata !== '{}' ? <pre class="json" data-testid="dataset-metadata">{metadata}</pre> : null],
      ]}
    />
  );
}
