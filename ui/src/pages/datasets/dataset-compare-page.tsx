// A dataset's items side by side across runs (one run alone when one is asked): a summary row per run, then per
// item its input, expected output and what each run made of it.

import type { CompareRowDto, DatasetCompareDto } from '../../api/types.js';
import { apiUrl } from '../../api/client.js';
import { datasetApi } from '../../api/datasets.js';
import { useApi } from '../../lib/use-api.js';
import { Empty, ErrorBox, Loading } from '../../components/common.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { ValuePreview } from '../../components/value-preview.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { runResultColumn } from './run-result-cell.js';
import { RunSummary } from './run-summary.js';

export function DatasetComparePage({ name, search }: { name: string; search: string }) {
  const runs = new URLSearchParams(search).getAll('run');
  const compare = useApi<DatasetCompareDto>(runs.length ? apiUrl(datasetApi(name, 'compare'), { run: runs }) : null);
  const c = compare.data;
  return (
    <section class="page" aria-labelledby="dataset-compare-title">
      <div class="page-head">
        <h1 id="dataset-compare-title">
          {name}: {runs.length === 1 ? `run ${runs[0]}` : `${runs.length} runs compared`}
        </h1>
        <Link href={paths.dataset(name)}>Back to the dataset</Link>
      </div>
      {runs.length === 0 && <Empty>No runs picked: tick runs on <Link href={paths.dataset(name)}>the dataset's page</Link> to compare them.</Empty>}
      {compare.error && <ErrorBox message={compare.error} onRetry={compare.reload} />}
      {compare.loading && !c && <Loading label="Loading the runs…" />}
      {c && (
        <>
          <RunSummary runs={c.runs} />
          <h2>Items ({c.items.length})</h2>
          {c.items.length === 0 ? <Empty>This dataset has no items.</Empty> : <CompareItems runs={c.runs.map((r) => r.name)} rows={c.items} />}
        </>
      )}
    </section>
  );
}

const ITEM_COLUMNS: Column<CompareRowDto>[] = [
  { header: 'Input', cell: (row) => <ValuePreview value={row.input} maxChars={200} maxLines={4} /> },
  { header: 'Expected output', cell: (row) => <ValuePreview value={row.expectedOutput} maxChars={200} maxLines={4} /> },
];

function CompareItems({ runs, rows }: { runs: string[]; rows: CompareRowDto[] }) {
  const columns = [...ITEM_COLUMNS, ...runs.map(runResultColumn)];
  return <DataTable columns={columns} rows={rows} rowKey={(row) => row.itemId} caption="Items across runs" testid="compare-items" class="dataset-values" rowTestid="compare-item" rowAttrs={(row) => ({ 'data-item-id': row.itemId })} />;
}
