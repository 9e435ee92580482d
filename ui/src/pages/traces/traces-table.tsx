// The trace list as a semantic table; each row links to its trace.

import type { TraceListItem, TracePreview, TraceSummary } from '../../api/types.js';
import { formatCost, formatDuration, formatInt, formatScores, formatTimestamp, formatTokens, nanoToMs } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { Badge } from '../../components/common.js';
import { TagList } from '../../components/tag-list.js';
import { DataTable, type Column } from '../../components/data-table.js';

type TraceRow = TraceSummary & { scores?: TraceListItem['scores'] };

export function TracesTable({ traces, onTag, previews }: {
  traces: TraceRow[];
  onTag?: (tag: string) => void;
  /** Input / output lines by trace id, when they have arrived. */
  previews?: Map<string, TracePreview>;
}) {
  const columns: Column<TraceRow>[] = [
    { header: 'Start', class: 'nowrap', cell: (t) => formatTimestamp(nanoToMs(t.startTimeUnixNano)) },
    {
      header: 'Name',
      class: 'name-cell',
      cell: (t) => (
        <>
          <Link href={paths.trace(t.traceId)}>{t.rootName || '(unnamed)'}</Link>
          <TagList tags={t.tags ?? []} onSelect={onTag} />
          <PreviewLines preview={previews?.get(t.traceId)} />
        </>
      ),
    },
    ...TRACE_FACTS,
  ];
  return <DataTable columns={columns} rows={traces} rowKey={(t) => t.traceId} caption="Traces, newest first" testid="traces-table" rowTestid="trace-row" rowAttrs={clickableRow} />;
}

/** A click anywhere on a row opens its trace, as its name's link does (a click on a link is the link's). */
const clickableRow = (t: TraceRow) => ({
  class: 'clickable',
  'data-trace-id': t.traceId,
  onClick: (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest('a')) return;
    navigate(paths.trace(t.traceId));
  },
});

/** The columns after the name: what the trace took, what it cost, how it ended and how it was scored. */
const TRACE_FACTS: Column<TraceRow>[] = [
  { header: 'Service', cell: (t) => t.serviceName },
  { header: 'Duration', numeric: true, cell: (t) => formatDuration(t.durationMs) },
  { header: 'Spans', numeric: true, cell: (t) => formatInt(t.spanCount) },
  { header: 'LLM calls', numeric: true, cell: (t) => formatInt(t.llmCallCount) },
  { header: 'Tokens in / out', numeric: true, class: 'nowrap', cell: (t) => `${formatTokens(t.inputTokens)} / ${formatTokens(t.outputTokens)}` },
  { header: 'Cost', numeric: true, cell: (t) => formatCost(t.costUsd) },
  { header: 'Status', cell: (t) => (t.errorCount > 0 ? <Badge kind="error">{t.errorCount} error{t.errorCount > 1 ? 's' : ''}</Badge> : <Badge kind="ok">ok</Badge>) },
  { header: 'Models', class: 'models', cell: (t) => (t.models ?? []).join(', ') },
  { header: 'Scores', class: 'scores', attrs: () => ({ 'data-testid': 'trace-scores' }), cell: (t) => formatScores(t.scores) },
];

/** The trace's input and output, a line each (cut by CSS; the whole line is the tooltip). */
function PreviewLines({ preview }: { preview: TracePreview | undefined }) {
  if (!preview || (!preview.input && !preview.output)) return null;
  return (
    <div class="preview-lines" data-testid="trace-preview">
      {preview.input && (
        <div class="preview-line" title={preview.input}>
          <span class="preview-role">in</span> {preview.input}
        </div>
      )}
      {preview.output && (
        <div class="preview-line" title={preview.output}>
          <span class="preview-role">out</span> {preview.output}
        </div>
      )}
    </div>
  );
}
