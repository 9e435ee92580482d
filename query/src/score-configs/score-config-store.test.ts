import { beforeAll, describe, expect, it } from 'vitest';
import { migratedTestStore } from '../../test/migrated-store.js';
import { ScoreConfigStore } from './score-config-store.js';
import type { ScoreConfigFields } from './score-config.js';

const store = migratedTestStore('score-configs');
let configs: ScoreConfigStore;

beforeAll(() => {
  configs = new ScoreConfigStore(store());
});

const numeric: ScoreConfigFields = { name: 'accuracy', dataType: 'NUMERIC', minValue: 0, maxValue: 1, categories: null, description: null };
const tone: ScoreConfigFields = { name: 'tone', dataType: 'CATEGORICAL', minValue: null, maxValue: null, categories: [{ label: 'friendly', value: 1 }, { label: 'rude', value: -1.5 }], description: 'How it sounds' };
const page = { withArchived: true, order: 'newest' as const, limit: 50, offset: 0 };

describe('ScoreConfigStore', () => {
  it('keeps configs per project and reads them back as written', async () => {
    const t = Date.now() - 1000;
    const a = await configs.create('p', numeric, t);
    const b = await configs.create('p', tone, t + 1);
    expect(a).toEqual({ ...numeric, id: expect.any(String), isArchived: false, createdAtMs: t, updatedAtMs: expect.any(Number) });
    expect(await configs.get('p', a.id)).toEqual(a);
    expect(await configs.get('p', b.id)).toEqual(b);
    expect(await configs.get('other', a.id)).toBeUndefined();
    expect(await configs.list('p', page)).toEqual({ items: [b, a], total: 2 });
    expect((await configs.list('p', { ...page, limit: 1, offset: 1 })).items.map((c) => c.id)).toEqual([a.id]);
    expect((await configs.list('p', { ...page, createdFromMs: t + 1 })).items.map((c) => c.id)).toEqual([b.id]);
    expect((await configs.list('p', { ...page, createdToMs: t + 1 })).items.map((c) => c.id)).toEqual([a.id]);
    expect(await configs.list('other', page)).toEqual({ items: [], total: 0 });
    const found = await configs.byIds('p', [a.id, b.id, 'nope']);
    expect([found.size, found.get(a.id)?.dataType, found.get(b.id)?.dataType]).toEqual([2, 'NUMERIC', 'CATEGORICAL']);
  });

  it('replaces a config by its change; an archived one leaves the live list; no change writes nothing', async () => {
    const c = await configs.create('q', numeric);
    const changed = await configs.update('q', c.id, (cur) => ({ ...cur, maxValue: 5, description: 'out of 5' }));
    expect(changed).toEqual({ ...c, maxValue: 5, description: 'out of 5', updatedAtMs: expect.any(Number) });
    expect(await configs.get('q', c.id)).toEqual(changed);
    const archived = await configs.update('q', c.id, (cur) => ({ ...cur, isArchived: true }));
    expect(archived?.isArchived).toBe(true);
    expect((await configs.list('q', { ...page, withArchived: false, order: 'name' })).total).toBe(0);
    expect((await configs.list('q', page)).items).toEqual([archived]);
    expect(await configs.update('q', c.id, (cur) => cur)).toEqual(archived);
    expect(await configs.update('q', 'nope', (cur) => cur)).toBeUndefined();
    expect(await configs.update('p', c.id, (cur) => cur)).toBeUndefined();
  });
});
