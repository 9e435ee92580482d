// Input / output lines of the traces on screen, fetched after the list renders (the list never waits for them).

import { useEffect, useRef, useState } from 'preact/hooks';
import { apiGet, apiUrl } from '../../api/client.js';
import type { TracePreview } from '../../api/types.js';

const CHUNK = 100;

export function useTracePreviews(traceIds: string[]): Map<string, TracePreview> {
  const [previews, setPreviews] = useState<Map<string, TracePreview>>(() => new Map());
  const requested = useRef(new Set<string>());
  useEffect(() => {
    const missing = traceIds.filter((id) => !requested.current.has(id));
    for (let i = 0; i < missing.length; i += CHUNK) {
      const ids = missing.slice(i, i + CHUNK);
      ids.forEach((id) => requested.current.add(id));
      apiGet<{ previews?: TracePreview[] }>(apiUrl('/api/v1/traces/previews', { traceId: ids })).then(
        (body) =>
          setPreviews((prev) => {
            const next = new Map(prev);
            for (const p of body.previews ?? []) next.set(p.traceId, p);
            return next;
          }),
        // A preview is an extra: without it the list is still whole. Asked again on the next change.
        () => ids.forEach((id) => requested.current.delete(id)),
      );
    }
  }, [traceIds.join(',')]);
  return previews;
}
