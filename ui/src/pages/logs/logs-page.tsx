// Logs: OTLP log records newest first (GenAI content events, app logs), filtered, each linked to its span.

import { useMemo, useState } from 'preact/hooks';
import type { LogListResponse, LogRecord, LogVolumeResponse } from '../../api/types.js';
import { apiUrl } from '../../api/client.js';
import { useApi, useCursorList } from '../../lib/use-api.js';
import { Chart } from '../../components/chart.js';
import { zeroFilled } from '../../lib/series.js';
import { parseFilters, resolveTimeRange } from '../../lib/filters.js';
import { ListStatus, LoadMore } from '../../components/common.js';
import { AttributesTable } from '../../components/attributes.js';
import { TimeRangePicker } from '../../components/time-range.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { formatInt, formatTimestamp, nanoToMs, shortId } from '../../lib/format.js';
import { Link, updateQuery } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';

/** The severity floors offered, as OTLP severity numbers. */
const SEVERITIES: Array<[string, string]> = [
  ['', 'any'],
  ['9', 'info and above'],
  ['13', 'warn and above'],
  ['17', 'error and above'],
];
const TEXT_FILTERS = ['service', 'q', 'traceId', 'eventName'] as const;

// Severity colours of the volume chart, as the badges show them.
const LEVEL_COLORS: ReadonlyMap<string, string> = new Map([
  ['fatal', '#7f1d1d'],
  ['error', '#c62828'],
  ['warn', '#d08a1c'],
  ['info', '#1e6bd6'],
  ['debug', '#7a7a7a'],
  ['trace', '#b0b0b0'],
  ['unknown', '#9a7fb8'],
]);

/** Records per time bucket by severity over the whole range, with the same filters as the list. */
function LogVolume({ url, startMs, endMs }: { url: string; startMs: number; endMs: number }) {
  const { data, error } = useApi<LogVolumeResponse>(url);
  const series = useMemo(() => (data ? zeroFilled(data.series, startMs, endMs, data.step * 1000) : []), [data, startMs, endMs]);
  if (error) return null; // the list below shows what went wrong
  return <Chart testid="log-volume" title="Log volume by severity" series={series} colors={LEVEL_COLORS} format={formatInt} height={140} integer />;
}

function bodyText(body: LogRecord['body']): string {
  return typeof body === 'string' ? body : JSON.stringify(body) ?? '';
}

function severityClass(n: number): string {
  return n >= 17 ? 'badge badge-error' : n >= 13 ? 'badge badge-warn' : 'badge';
}

/** The columns of a record; its body is a button that opens the whole record under its row. */
function logColumns(isOpen: (log: LogRecord) => boolean, toggle: (log: LogRecord) => void): Column<LogRecord>[] {
  return [
    { header: 'Time', class: 'nowrap', cell: (log) => formatTimestamp(nanoToMs(log.timeUnixNano)) },
    { header: 'Severity', cell: (log) => <span class={severityClass(log.severityNumber)}>{log.severityText || (log.severityNumber ? `#${log.severityNumber}` : '—')}</span> },
    { header: 'Service', cell: (log) => log.serviceName || '—' },
    { header: 'Event', cell: (log) => log.eventName || '—' },
    {
      header: 'Body',
      class: 'log-body',
      cell: (log) => {
        const text = bodyText(log.body);
        return (
          <button type="button" class="btn link" aria-expanded={isOpen(log)} onClick={() => toggle(log)} data-testid="log-body">
            {text.length > 200 ? `${text.slice(0, 200)}…` : text || '(empty)'}
          </button>
        );
      },
    },
    {
      header: 'Trace',
      class: 'nowrap',
      cell: (log) =>
        log.traceId ? (
          <Link href={paths.trace(log.traceId, log.spanId || undefined)} data-testid="log-trace-link">
            {shortId(log.traceId)}
          </Link>
        ) : (
          '—'
        ),
    },
  ];
}

function LogDetail({ log }: { log: LogRecord }) {
  return (
    <>
      <pre class="json">{typeof log.body === 'string' ? log.body : JSON.stringify(log.body, null, 2)}</pre>
      <AttributesTable attributes={log.attributes} label="Attributes" searchable={false} testid="log-attributes" />
      <AttributesTable attributes={log.resourceAttributes} label="Resource attributes" searchable={false} />
    </>
  );
}

export function LogsPage({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const filters = parseFilters(search);
  const text = Object.fromEntries(TEXT_FILTERS.map((k) => [k, params.get(k) ?? '']));
  const minSeverity = params.get('minSeverity') ?? '';
  const { url, volumeUrl, range } = useMemo(() => {
    const { start, end } = resolveTimeRange(filters, Date.now());
    return {
      url: apiUrl('/api/v1/logs', { start, end, ...text, minSeverity, limit: 100 }),
      volumeUrl: apiUrl('/api/v1/logs/volume', { start, end, ...text, minSeverity }),
      range: { startMs: start, endMs: end },
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);
  const list = useCursorList<LogListResponse, LogRecord>(url, (page) => page.logs ?? []);
  const { rows, hasMore, loadMore } = list;
  // By the record itself: a new search brings new records, all closed; a later page leaves the open ones open.
  const [opened, setOpened] = useState<ReadonlySet<LogRecord>>(new Set());
  const toggle = (log: LogRecord) => {
    const next = new Set(opened);
    if (!next.delete(log)) next.add(log);
    setOpened(next);
  };
  const columns = logColumns((log) => opened.has(log), toggle);
  const detail = (log: LogRecord) => (opened.has(log) ? <LogDetail log={log} /> : null);
  const set = (changes: Record<string, string>) => updateQuery(search, changes);
  const apply = (form: HTMLFormElement) => {
    const fields = new FormData(form);
    set(Object.fromEntries([...TEXT_FILTERS, 'minSeverity'].map((k) => [k, String(fields.get(k) ?? '').trim()])));
  };

  return (
    <section class="page" aria-labelledby="logs-title">
      <div class="page-head">
        <h1 id="logs-title">Logs</h1>
      </div>
      <form class="filter-bar" role="search" onSubmit={(e) => (e.preventDefault(), apply(e.target as HTMLFormElement))}>
        <div class="filter-row">
          <TimeRangePicker value={filters} onChange={(v) => set({ range: v.range === 'custom' ? '' : v.range, start: v.start, end: v.end })} />
          <label class="field">
            <span>Severity</span>
            <select class="input" name="minSeverity" defaultValue={minSeverity} data-testid="log-severity">
              {SEVERITIES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>Text</span>
            <input class="input" name="q" defaultValue={text.q} placeholder="in the body" data-testid="log-q" />
          </label>
          <label class="field">
            <span>Service</span>
            <input class="input" name="service" defaultValue={text.service} placeholder="any" />
          </label>
          <label class="field">
            <span>Event</span>
            <input class="input" name="eventName" defaultValue={text.eventName} placeholder="e.g. gen_ai.user.message" />
          </label>
          <label class="field">
            <span>Trace</span>
            <input class="input" name="traceId" defaultValue={text.traceId} placeholder="trace id" />
          </label>
          <button class="btn primary" type="submit" data-testid="log-apply">
            Apply
          </button>
        </div>
      </form>
      <LogVolume url={volumeUrl} {...range} />
      <ListStatus list={list} loadingLabel="Loading logs…" empty={<>No log records match in this time range. Any OTLP logs exporter can send them to <code>/v1/logs</code>.</>} />
      <DataTable columns={columns} rows={rows} rowKey={(log, i) => `${log.timeUnixNano}-${i}`} caption="Log records" testid="logs-table" rowTestid="log-row" detail={detail} />
      <LoadMore hasMore={hasMore} onLoad={loadMore} />
    </section>
  );
}
