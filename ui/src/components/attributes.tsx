// Searchable attribute table; long values collapse, JSON values pretty-print on expand.

import { useState } from 'preact/hooks';
import type { Attributes } from '../api/types.js';
import { isStructured, prettyValue } from '../lib/json.js';
import { TextWithMedia } from './media.js';

const LONG = 160;

function ValueCell({ value }: { value: unknown }) {
  const [open, setOpen] = useState(false);
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const expandable = text.length > LONG || isStructured(value);
  if (!expandable) return <span class="attr-value">{text}</span>;
  return (
    <div class="attr-value">
      {open ? <pre class="json"><TextWithMedia text={prettyValue(value)} /></pre> : <span>{text.length > LONG ? `${text.slice(0, LONG)}…` : text}</span>}
      <button type="button" class="btn link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Collapse' : 'Expand'}
      </button>
    </div>
  );
}

export function AttributesTable({ attributes, searchable = true, label, testid }: { attributes: Attributes | null | undefined; searchable?: boolean; label: string; testid?: string }) {
  const [filter, setFilter] = useState('');
  const entries = Object.entries(attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <div class="muted">No {label.toLowerCase()}.</div>;
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? entries.filter(([k, v]) => k.toLowerCase().includes(needle) || (typeof v === 'string' ? v : JSON.stringify(v) ?? '').toLowerCase().includes(needle))
    : entries;
  return (
    <div data-testid={testid}>
      {searchable && entries.length > 5 && (
        <input
          type="search"
          class="input attr-search"
          placeholder={`Search ${entries.length} ${label.toLowerCase()}…`}
          aria-label={`Search ${label.toLowerCase()}`}
          value={filter}
          onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
        />
      )}
      <table class="attr-table">
        <caption class="sr-only">{label}</caption>
        <tbody>
          {shown.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>
                <ValueCell value={v} />
              </td>
            </tr>
          ))}
          {shown.length === 0 && (
            <tr>
              <td colSpan={2} class="muted">
                No attribute matches “{filter}”.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
