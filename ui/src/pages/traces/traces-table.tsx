// The trace list as a semantic table; each row links to its trace.

import type { TraceListItem, TracePreview, TraceSummary } from '../../api/types.js';
import { formatCost, formatDuration, formatInt, formatScores, formatTimestamp, formatTokens, nanoToMs } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { Badge } from '../../components/common.js';
import { TagList } from '../../components/tag-list.js';

export function TracesTable({ traces, onTag, previews }: {
  traces: (TraceSummary & { scores?: TraceListItem['scores'] })[];
  onTag?: (tag: string) => void;
  /** Input / output lines by trace id, when they have arrived. */
  previews?: Map<string, TracePreview>;
}) {
  return (
    <div class="table-wrap">
      <table class="data-table" data-testid="traces-table">
        <caption class="sr-only">Traces, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Start</th>
            <th scope="col">Name</th>
            <th scope="col">Service</th>
            <th scope="col" class="num">Duration</th>
            <th scope="col" class="num">Spans</th>
            <th scope="col" class="num">LLM calls</th>
            <th scope="col" class="num">Tokens in / out</th>
            <th scope="col" class="num">Cost</th>
            <th scope="col">Status</th>
            <th scope="col">Models</th>
            <th scope="col">Scores</th>
          </tr>
        </thead>
        <tbody>
          {traces.map((t) => {
            const href = paths.trace(t.traceId);
            return (
              <tr
                key={t.traceId}
                class="clickable"
                data-testid="trace-row"
                data-trace-id={t.traceId}
                onClick={(e) => {
                  if ((e.target as HTMLElement).closest('a')) return;
                  navigate(href);
                }}
              >
                <td class="nowrap">{formatTimestamp(nanoToMs(t.startTimeUnixNano))}</td>
                <td class="name-cell">
                  <Link href={href}>{t.rootName || '(unnamed)'}</Link>
                  <TagList tags={t.tags ?? []} onSelect={onTag} />
                  <PreviewLines preview={previews?.get(t.traceId)} />
                </td>
                <td>{t.serviceName}</td>
                <td class="num">{formatDuration(t.durationMs)}</td>
                <td class="num">{formatInt(t.spanCount)}</td>
                <td class="num">{formatInt(t.llmCallCount)}</td>
                <td class="num nowrap">
                  {formatTokens(t.inputTokens)} / {formatTokens(t.outputTokens)}
                </td>
                <td class="num">{formatCost(t.costUsd)}</td>
                <td>{t.errorCount > 0 ? <Badge kind="error">{t.errorCount} error{t.errorCount > 1 ? 's' : ''}</Badge> : <Badge kind="ok">ok</Badge>}</td>
                <td class="models">{(t.models ?? []).join(', ')}</td>
                <td class="scores" data-testid="trace-scores">
                  {formatScores(t.scores)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

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
