import { describe, expect, it } from 'vitest';
import type { QueueItemDto } from '../api/types.js';
import { itemLabel, nextPending } from './annotation-queue.js';

const item = (id: string, status: QueueItemDto['status'] = 'PENDING'): QueueItemDto => ({
  id, queueId: 'q', objectId: `t-${id}`, objectType: 'TRACE', status, completedAt: null, createdAt: '', updatedAt: '',
});

describe('nextPending', () => {
  it('gives the first pending item not skipped, then the skipped ones again, and null when none is pending', () => {
    const items = [item('a', 'COMPLETED'), item('b'), item('c')];
    expect(nextPending(items, new Set())?.id).toBe('b');
    expect(nextPending(items, new Set(['b']))?.id).toBe('c');
    expect(nextPending(items, new Set(['b', 'c']))?.id).toBe('b');
    expect(nextPending([item('a', 'COMPLETED')], new Set())).toBeNull();
  });
});

describe('itemLabel', () => {
  it('names the kind of object and cuts a long id', () => {
    expect(itemLabel({ objectType: 'TRACE', objectId: 'ab'.repeat(16) })).toBe('trace abababab…');
    expect(itemLabel({ objectType: 'SESSION', objectId: 'chat-1' })).toBe('session chat-1');
    expect(itemLabel({ objectType: 'OBSERVATION', objectId: '1234567890abcdef' })).toBe('span 1234567890abcdef');
  });
});
