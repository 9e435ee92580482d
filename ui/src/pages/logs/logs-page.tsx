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

function LogRow({ log }: { log: LogRecord }) {
  const [open, setOpen] = useState(false);
  const text = bodyText(log.body);
  return (
    <>
      <tr data-testid="log-row">
        <td class="nowrap">{formatTimestamp(nanoToMs(log.timeUnixNano))}</td>
        <td>
          <span class={severityClass(log.severityNumber)}>{log.severityText || (log.severityNumber ? `#${log.severityNumber}` : '—')}</span>
        </td>
        <td>{log.serviceName || '—'}</td>
        <td>{log.eventName || '—'}</td>
        <td class="log-body">
          <button type="button" class="btn link" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="log-body">
            {text.length > 200 ? `${text.slice(0, 200)}…` : text || '(empty)'}
          </button>
        </td>
        <td class="nowrap">
          {log.traceId ? (
            <Link href={paths.trace(log.traceId, log.spanId || undefined)} data-testid="log-trace-link">
              {shortId(log.traceId)}
            </Link>
          ) : (
            '—'
          )}
        </td>
      </tr>
      {open && (
        <tr class="log-detail">
          <td colSpan={6}>
            <pre class="json">{typeof log.body === 'string' ? log.body : JSON.stringify(log.body, null, 2)}</pre>
            <AttributesTable attributes={log.attributes} label="Attributes" searchable={false} testid="log-attributes" />
            <AttributesTable attributes={log.resourceAttributes} label="Resource attributes" searchable={false} />
          </td>
        </tr>
      )}
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
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="data-table" data-testid="logs-table">
            <caption class="sr-only">Log records</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Severity</th>
                <th scope="col">Service</th>
                <th scope="col">Event</th>
                <th scope="col">Body</th>
                <th scope="col">Trace</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((log, i) => (
                <LogRow key={`${log.timeUnixNano}-${i}`} log={log} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore hasMore={hasMore} onLoad={loadMore} />
    </section>
  );
}
