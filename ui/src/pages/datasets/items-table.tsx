// A dataset's items: input and expected output (collapsed when long), metadata, status and the trace it came from.

import type { DatasetItemDto } from '../../api/types.js';
import { Badge } from '../../components/common.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { ValuePreview } from '../../components/value-preview.js';
import { formatTimestamp, shortId } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';

const COLUMNS: Column<DatasetItemDto>[] = [
  { header: 'Input', cell: (item) => <ValuePreview value={item.input} /> },
  { header: 'Expected output', cell: (item) => <ValuePreview value={item.expectedOutput} /> },
  { header: 'Metadata', cell: (item) => <ValuePreview value={item.metadata} maxLines={3} /> },
  { header: 'Status', cell: (item) => (item.status === 'ACTIVE' ? <Badge kind="ok">active</Badge> : <Badge kind="archived">archived</Badge>) },
  {
    header: 'Source',
    cell: (item) =>
      item.sourceTraceId ? (
        <Link href={paths.trace(item.sourceTraceId, item.sourceObservationId ?? undefined)} data-testid="item-source" title={item.sourceTraceId}>
          trace {shortId(item.sourceTraceId)}
        </Link>
      ) : (
        <span class="muted">—</span>
      ),
  },
  { header: 'Created', class: 'nowrap', cell: (item) => formatTimestamp(Date.parse(item.createdAt)) },
];

export function ItemsTable({ items }: { items: DatasetItemDto[] }) {
  return (
    <DataTable columns={COLUMNS} rows={items} rowKey={(item) => item.id} caption="Items" testid="dataset-items" class="dataset-values" rowTestid="dataset-item" rowAttrs={(item) => ({ 'data-item-id': item.id })} />
  );
}
