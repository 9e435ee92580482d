// Time range picker: presets plus a custom start/end (datetime-local), shared by traces and dashboard.

import { TIME_PRESETS } from '../lib/filters.js';

export interface TimeRangeValue {
  range: string;
  start: string;
  end: string;
}

/** datetime-local wants `YYYY-MM-DDTHH:MM` in local time; the URL may hold ISO or unix ms. */
function toLocalInput(value: string): string {
  if (!value) return '';
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

export function TimeRangePicker({ value, onChange }: { value: TimeRangeValue; onChange: (v: TimeRangeValue) => void }) {
  return (
    <div class="time-range">
      <label class="field">
        <span>Time range</span>
        <select
          class="input"
          data-testid="time-range"
          value={value.range}
          onChange={(e) => {
            const range = (e.target as HTMLSelectElement).value;
            if (range === 'custom') {
              const end = new Date();
              onChange({ range, start: new Date(end.getTime() - 3600_000).toISOString(), end: end.toISOString() });
            } else onChange({ range, start: '', end: '' });
          }}
        >
          {TIME_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
      </label>
      {value.range === 'custom' && (
        <>
          <label class="field">
            <span>From</span>
            <input class="input" type="datetime-local" value={toLocalInput(value.start)} onChange={(e) => onChange({ ...value, start: fromLocalInput((e.target as HTMLInputElement).value) })} />
          </label>
          <label class="field">
            <span>To</span>
            <input class="input" type="datetime-local" value={toLocalInput(value.end)} onChange={(e) => onChange({ ...value, end: fromLocalInput((e.target as HTMLInputElement).value) })} />
          </label>
        </>
      )}
    </div>
  );
}
