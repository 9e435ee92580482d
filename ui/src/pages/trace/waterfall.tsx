// The waterfall: time axis, one row per visible span, bars coloured by step type, critical path marked.

import { useMemo } from 'preact/hooks';
import type { Waterfall, WaterfallRow } from '../../lib/waterfall.js';
import { barGeometry, timeTicks, visibleRows } from '../../lib/waterfall.js';
import { formatDuration } from '../../lib/format.js';

const TYPE_LABELS: Array<[string, string]> = [
  ['llm', 'LLM'],
  ['tool', 'Tool'],
  ['agent', 'Agent'],
  ['retrieval', 'Retrieval'],
  ['embedding', 'Embedding'],
  ['chain', 'Workflow'],
  ['other', 'Other'],
];

export interface WaterfallProps {
  wf: Waterfall;
  critical: Set<string>;
  collapsed: Set<string>;
  selected: string | null;
  zoom: { startMs: number; endMs: number } | null;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
  onResetZoom: () => void;
}

export function WaterfallView({ wf, critical, collapsed, selected, zoom, onSelect, onToggle, onResetZoom }: WaterfallProps) {
  const rows = useMemo(() => visibleRows(wf.rows, collapsed), [wf, collapsed]);
  const winStart = zoom?.startMs ?? wf.startMs;
  const winEnd = zoom?.endMs ?? wf.endMs;
  const ticks = timeTicks(winEnd - winStart, 6);
  const width = Math.max(winEnd - winStart, 1e-6);

  const onKey = (e: KeyboardEvent) => {
    const i = rows.findIndex((r) => r.span.spanId === selected);
    const row = rows[i];
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = rows[Math.min(Math.max(i + (e.key === 'ArrowDown' ? 1 : -1), 0), rows.length - 1)];
      if (next) {
        onSelect(next.span.spanId);
        (document.querySelector(`[data-span-id="${next.span.spanId}"] .wf-name-btn`) as HTMLElement | null)?.focus();
      }
    } else if (row && row.childCount > 0 && ((e.key === 'ArrowLeft' && !collapsed.has(row.span.spanId)) || (e.key === 'ArrowRight' && collapsed.has(row.span.spanId)))) {
      e.preventDefault();
      onToggle(row.span.spanId);
    }
  };

  return (
    <div class="waterfall" data-testid="waterfall">
      <div class="wf-legend" aria-label="Legend">
        {TYPE_LABELS.map(([type, label]) => (
          <span key={type} class="legend-item">
            <span class={`swatch type-${type}`} /> {label}
          </span>
        ))}
        <span class="legend-item">
          <span class="swatch error" /> Error
        </span>
        <span class="legend-item">
          <span class="swatch critical" /> Critical path
        </span>
        {zoom && (
          <button type="button" class="btn small" data-testid="reset-zoom" onClick={onResetZoom}>
            Reset zoom
          </button>
        )}
      </div>
      <div class="wf-axis" aria-hidden="true">
        <div class="wf-name-col">{zoom ? `Zoomed: ${formatDuration(winEnd - winStart)}` : `Total: ${formatDuration(wf.endMs - wf.startMs)}`}</div>
        <div class="wf-bar-col">
          {ticks.map((t) => (
            <span key={t.offsetMs} class="tick" style={{ left: `${(t.offsetMs / width) * 100}%` }}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <div class="wf-rows" role="tree" aria-label="Spans" onKeyDown={onKey}>
        {rows.map((row) => (
          <Row
            key={row.span.spanId}
            row={row}
            geometry={barGeometry(row.startMs, row.endMs, winStart, winEnd)}
            offsetMs={row.startMs - wf.startMs}
            isCritical={critical.has(row.span.spanId)}
            isCollapsed={collapsed.has(row.span.spanId)}
            isSelected={row.span.spanId === selected}
            onSelect={onSelect}
            onToggle={onToggle}
            rootService={wf.rows[0]?.span.serviceName ?? ''}
          />
        ))}
      </div>
    </div>
  );
}

interface RowProps {
  row: WaterfallRow;
  geometry: ReturnType<typeof barGeometry>;
  offsetMs: number;
  isCritical: boolean;
  isCollapsed: boolean;
  isSelected: boolean;
  onSelect: (id: string) => void;
  onToggle: (id: string) => void;
  rootService: string;
}

function Row({ rootService, row, geometry, offsetMs, isCritical, isCollapsed, isSelected, onSelect, onToggle }: RowProps) {
  const { span } = row;
  const cls = ['wf-row', isSelected && 'selected', isCritical && 'critical', row.error && 'has-error'].filter(Boolean).join(' ');
  const label = `${span.name}, ${row.type}, ${formatDuration(span.durationMs)}${row.error ? ', error' : ''}${isCritical ? ', on critical path' : ''}`;
  return (
    <div
      class={cls}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={isSelected}
      aria-expanded={row.childCount > 0 ? !isCollapsed : undefined}
      data-testid="waterfall-row"
      data-span-id={span.spanId}
      data-type={row.type}
      data-critical={isCritical ? 'true' : undefined}
      onClick={() => onSelect(span.spanId)}
    >
      <div class="wf-name-col" style={{ paddingLeft: `${row.depth * 14 + 4}px` }}>
        {row.childCount > 0 ? (
          <button
            type="button"
            class="wf-toggle"
            aria-label={`${isCollapsed ? 'Expand' : 'Collapse'} ${span.name}`}
            data-testid="waterfall-toggle"
            onClick={(e) => {
              e.stopPropagation();
              onToggle(span.spanId);
            }}
          >
            {isCollapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span class="wf-toggle-space" />
        )}
        <button type="button" class="wf-name-btn" aria-label={label} title={span.name}>
          <span class={`type-dot type-${row.type}`} />
          {span.name}
          {isCollapsed && <span class="muted"> (+{row.childCount})</span>}
        </button>
        {span.serviceName && span.serviceName !== rootService && <span class="wf-service muted">{span.serviceName}</span>}
      </div>
      <div class="wf-bar-col">
        {geometry && (
          <div class={`wf-bar type-${row.type}${row.error ? ' error' : ''}`} style={{ left: `${geometry.leftPct}%`, width: `max(2px, ${geometry.widthPct}%)` }} title={`+${formatDuration(offsetMs)} · ${formatDuration(span.durationMs)}`} />
        )}
        <span class="wf-dur" style={{ left: `calc(${(geometry?.leftPct ?? 0) + (geometry?.widthPct ?? 0)}% + 4px)` }}>
          {formatDuration(span.durationMs)}
        </span>
      </div>
    </div>
  );
}
