// A trace's tags as small chips. Each one narrows the trace list to that tag: through `onSelect`
// where the list is on screen (kept with its other filters), else as a link to it.

import { Link } from '../lib/router.js';
import { paths } from '../lib/routes.js';

export function TagList({ tags, onSelect }: { tags: readonly string[]; onSelect?: (tag: string) => void }) {
  if (tags.length === 0) return null;
  return (
    <ul class="tag-list" aria-label="Tags" data-testid="tag-list">
      {tags.map((tag) => (
        <li key={tag}>
          {onSelect ? (
            <button type="button" class="tag" title={`Only traces tagged ${tag}`} onClick={(e) => (e.stopPropagation(), onSelect(tag))}>
              #{tag}
            </button>
          ) : (
            <Link class="tag" href={paths.traces(new URLSearchParams({ tag }).toString())} title={`Traces tagged ${tag}`}>
              #{tag}
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}
