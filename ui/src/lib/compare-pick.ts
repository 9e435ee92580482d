// Remembers the first span picked for a comparison while the user finds the second one.

import type { SpanRef } from './routes.js';
import { formatSpanRef, parseSpanRef } from './routes.js';

const KEY = 'watchllm.compareA';

export function pendingCompare(): SpanRef | null {
  try {
    return parseSpanRef(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

export function setPendingCompare(ref: SpanRef | null): void {
  try {
    if (ref) sessionStorage.setItem(KEY, formatSpanRef(ref));
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage disabled: the compare page's inputs still work */
  }
}
