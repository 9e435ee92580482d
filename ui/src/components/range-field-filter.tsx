// The filter bar of pages with a time range and at most one text field (sessions by user, the map by service), kept in the URL.

import { parseFilters } from '../lib/filters.js';
import { updateQuery } from '../lib/router.js';
import { TimeRangePicker } from './time-range.js';

export interface TextField {
  name: string;
  label: string;
  value: string;
}

export function RangeFieldFilter({ search, field }: { search: string; field?: TextField }) {
  const filters = parseFilters(search);
  const set = (changes: Record<string, string>) => updateQuery(search, changes);
  return (
    <form class="filter-bar" role="search" onSubmit={(e) => (e.preventDefault(), field && set({ [field.name]: String(new FormData(e.target as HTMLFormElement).get(field.name) ?? '') }))}>
      <div class="filter-row">
        <TimeRangePicker value={filters} onChange={(v) => set({ range: v.range === 'custom' ? '' : v.range, start: v.start, end: v.end })} />
        {field && (
          <>
            <label class="field">
              <span>{field.label}</span>
              <input class="input" name={field.name} defaultValue={field.value} placeholder="any" />
            </label>
            <button class="btn primary" type="submit">
              Apply
            </button>
          </>
        )}
      </div>
    </form>
  );
}
