// A dataset's items side by side across runs (one run alone when one is asked): a summary row per run, then per
// item its input, expected output and what each run made of it.

import type { CompareRowDto, DatasetCompareDto } from '../../api/types.js';
import { apiUrl } from '../../api/client.js';
import { datasetApi } from '../../api/datasets.js';
import { useApi } from '../../lib/use-api.js';
import { Empty, ErrorBox, Loading } from '../../components/common.js';
import { ValuePreview } from '../../components/value-preview.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { RunResultCell } from './run-result-cell.js';
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

function CompareItems({ runs, rows }: { runs: string[]; rows: CompareRowDto[] }) {
  return (
    <div class="table-wrap">
      <table class="data-table dataset-values" data-testid="compare-items">
        <caption class="sr-only">Items across runs</caption>
        <thead>
          <tr>
            <th scope="col">Input</th>
            <th scope="col">Expected output</th>
            {runs.map((r) => (
              <th key={r} scope="col">
                {r}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.itemId} data-testid="compare-item" data-item-id={row.itemId}>
              <td>
                <ValuePreview value={row.input} maxChars={200} maxLines={4} />
              </td>
              <td>
                <ValuePreview value={row.expectedOutput} maxChars={200} maxLines={4} />
              </td>
              {runs.map((r) => (
                <RunResultCell key={r} run={r} result={row.results[r] ?? null} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
