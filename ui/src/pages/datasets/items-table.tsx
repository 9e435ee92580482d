// A dataset's items: input and expected output (collapsed when long), metadata, status and the trace it came from.

import type { DatasetItemDto } from '../../api/types.js';
import { Badge } from '../../components/common.js';
import { ValuePreview } from '../../components/value-preview.js';
import { formatTimestamp, shortId } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';

export function ItemsTable({ items }: { items: DatasetItemDto[] }) {
  return (
    <div class="table-wrap">
      <table class="data-table dataset-values" data-testid="dataset-items">
        <caption class="sr-only">Items</caption>
        <thead>
          <tr>
            <th scope="col">Input</th>
            <th scope="col">Expected output</th>
            <th scope="col">Metadata</th>
            <th scope="col">Status</th>
            <th scope="col">Source</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid="dataset-item" data-item-id={item.id}>
              <td>
                <ValuePreview value={item.input} />
              </td>
              <td>
                <ValuePreview value={item.expectedOutput} />
              </td>
              <td>
                <ValuePreview value={item.metadata} maxLines={3} />
              </td>
              <td>{item.status === 'ACTIVE' ? <Badge kind="ok">active</Badge> : <Badge kind="archived">archived</Badge>}</td>
              <td>
                {item.sourceTraceId ? (
                  <Link href={paths.trace(item.sourceTraceId, item.sourceObservationId ?? undefined)} data-testid="item-source" title={item.sourceTraceId}>
                    trace {shortId(item.sourceTraceId)}
                  </Link>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
              <td class="nowrap">{formatTimestamp(Date.parse(item.createdAt))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
