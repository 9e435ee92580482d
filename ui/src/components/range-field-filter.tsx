// The filter bar of pages with a time range and one text field (sessions by user, the map by service), kept in the URL.

import { parseFilters } from '../lib/filters.js';
import { updateQuery } from '../lib/router.js';
import { TimeRangePicker } from './time-range.js';

export function RangeFieldFilter({ search, name, label, value }: { search: string; name: string; label: string; value: string }) {
  const filters = parseFilters(search);
  const set = (changes: Record<string, string>) => updateQuery(search, changes);
  return (
    <form class="filter-bar" role="search" onSubmit={(e) => (e.preventDefault(), set({ [name]: String(new FormData(e.target as HTMLFormElement).get(name) ?? '') }))}>
      <div class="filter-row">
        <TimeRangePicker value={filters} onChange={(v) => set({ range: v.range === 'custom' ? '' : v.range, start: v.start, end: v.end })} />
        <label class="field">
          <span>{label}</span>
          <input class="input" name={name} defaultValue={value} placeholder="any" />
        </label>
        <button class="btn primary" type="submit">
          Apply
        </button>
      </div>
    </form>
  );
}
