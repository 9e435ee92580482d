import { describe, expect, it } from 'vitest';
import { itemStatusOf, newAnnotationQueue, newQueueItem, withStatus, type QueueItem } from './annotation-queue.js';

describe('newAnnotationQueue', () => {
  it('takes a name, an optional description and the score config ids (each once)', () => {
    expect(newAnnotationQueue({ name: 'review', scoreConfigIds: ['a', 'b', 'a'] })).toEqual({ name: 'review', description: null, scoreConfigIds: ['a', 'b'] });
    expect(newAnnotationQueue({ name: 'r', description: 'why', scoreConfigIds: [] })).toEqual({ name: 'r', description: 'why', scoreConfigIds: [] });
  });

  it('refuses a queue naming the field and what is wrong', () => {
    expect(() => newAnnotationQueue({ scoreConfigIds: [] })).toThrow('field name: required: a non-empty string');
    expect(() => newAnnotationQueue({ name: ' ' })).toThrow('field name: required');
    expect(() => newAnnotationQueue({ name: 'r', scoreConfigIds: 'a' })).toThrow('field scoreConfigIds: expected a list of score config ids');
    expect(() => newAnnotationQueue({ name: 'r', scoreConfigIds: [1] })).toThrow(/field scoreConfigIds/);
    expect(() => newAnnotationQueue({ name: 'r', description: 3 })).toThrow('field description: expected a string');
    expect(() => newAnnotationQueue({ name: 'r', owner: 'me' })).toThrow('unknown field "owner"');
  });
});

describe('queue items', () => {
  it('takes an object id and type, PENDING unless a status is given', () => {
    expect(newQueueItem({ objectId: 't1', objectType: 'TRACE' })).toEqual({ objectId: 't1', objectType: 'TRACE', status: 'PENDING' });
    expect(newQueueItem({ objectId: 's1', objectType: 'SESSION', status: 'COMPLETED' }).status).toBe('COMPLETED');
    expect(() => newQueueItem({ objectId: 't1', objectType: 'DATASET' })).toThrow('field objectType: expected one of TRACE, OBSERVATION, SESSION, not "DATASET"');
    expect(() => newQueueItem({ objectId: 't1' })).toThrow('field objectType: required: one of TRACE, OBSERVATION, SESSION');
    expect(() => newQueueItem({ objectType: 'TRACE' })).toThrow(/field objectId: required/);
    expect(() => itemStatusOf({ status: 'DONE' })).toThrow('field status: expected one of PENDING, COMPLETED, not "DONE"');
    expect(() => itemStatusOf({})).toThrow(/field status: required/);
  });

  it('stamps completion, clears it when reopened, and leaves the same status unchanged', () => {
    const item: QueueItem = { id: 'i', queueId: 'q', objectId: 't', objectType: 'TRACE', status: 'PENDING', completedAtMs: null, createdAtMs: 1, updatedAtMs: 1 };
    const done = withStatus(item, 'COMPLETED', 5);
    expect(done).toMatchObject({ status: 'COMPLETED', completedAtMs: 5 });
    expect(withStatus(done, 'COMPLETED')).toBe(done);
    expect(withStatus(done, 'PENDING')).toMatchObject({ status: 'PENDING', completedAtMs: null });
  });
});
