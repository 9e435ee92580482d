// Walking an annotation queue: which pending item comes next, and what one is called on screen.

import type { QueueItemDto } from '../api/types.js';

/**
 * The item to show: the first pending one (oldest first, as the API lists them) not skipped this visit; once every
 * pending item was skipped, the walk starts over from the first skipped one.
 */
export function nextPending(items: readonly QueueItemDto[], skipped: ReadonlySet<string>): QueueItemDto | null {
  const pending = items.filter((i) => i.status === 'PENDING');
  return pending.find((i) => !skipped.has(i.id)) ?? pending[0] ?? null;
}

const KIND: Record<QueueItemDto['objectType'], string> = { TRACE: 'trace', OBSERVATION: 'span', SESSION: 'session' };

/** "trace 0af76519…" / "session chat-1": the object an item points at, a long id cut. */
export function itemLabel(item: Pick<QueueItemDto, 'objectType' | 'objectId'>): string {
  const id = item.objectId.length > 16 ? `${item.objectId.slice(0, 8)}…` : item.objectId;
  return `${KIND[item.objectType]} ${id}`;
}
