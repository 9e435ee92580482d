import { beforeAll, describe, expect, it } from 'vitest';
import { migratedTestStore } from '../../test/migrated-store.js';
import { DatasetConflict, DatasetStore } from './dataset-store.js';
import { RunStore } from './run-store.js';

const store = migratedTestStore('datasets');
let datasets: DatasetStore;
let runs: RunStore;

beforeAll(() => {
  datasets = new DatasetStore(store());
  runs = new RunStore(store());
});

const page = { limit: 50, offset: 0 };

describe('DatasetStore', () => {
  it('creates a dataset by name and changes it in place: same id and creation time, description and metadata as given', async () => {
    const created = await datasets.upsertDataset('p', { name: 'qa', description: 'questions', metadata: { owner: 'ada' } });
    const changed = await datasets.upsertDataset('p', { name: 'qa', metadata: { owner: 'bob' } });
    expect(changed).toMatchObject({ id: created.id, name: 'qa', description: 'questions', metadata: { owner: 'bob' }, createdAtMs: created.createdAtMs });
    expect(await datasets.dataset('p', 'qa')).toEqual(changed);
    expect(await datasets.datasetById('p', created.id)).toEqual(changed);
    expect(await datasets.dataset('other', 'qa')).toBeUndefined();
  });

  it('lists datasets the most recently changed first, page by page', async () => {
    await datasets.upsertDataset('list', { name: 'a' });
    await datasets.upsertDataset('list', { name: 'b' });
    await datasets.upsertDataset('list', { name: 'a', description: 'touched' });
    const { items, total } = await datasets.listDatasets('list', page);
    expect(items.map((d) => d.name)).toEqual(['a', 'b']);
    expect(total).toBe(2);
    expect((await datasets.listDatasets('list', { limit: 1, offset: 1 })).items.map((d) => d.name)).toEqual(['b']);
  });

  it('makes one dataset when two query services create it at once; each upsert answers that one', async () => {
    const services = [new DatasetStore(store()), new DatasetStore(store())];
    const answers = await Promise.all(services.flatMap((s) => [1, 2, 3].map((n) => s.upsertDataset('racing', { name: 'shared', description: `from ${n}` }))));
    const { items } = await datasets.listDatasets('racing', page);
    expect(items).toHaveLength(1);
    expect(new Set(answers.map((d) => d.id))).toEqual(new Set([items[0].id]));
  });

  it('upserts items by id, archives, deletes, filters by source, and refuses an id another dataset has', async () => {
    const d = await datasets.upsertDataset('items', { name: 'd' });
    const other = await datasets.upsertDataset('items', { name: 'other' });
    const first = await datasets.upsertItem('items', d.id, { id: 'item-1', input: { q: 'capital of France?' }, expectedOutput: 'Paris', sourceTraceId: 'ab'.repeat(16) });
    const second = await datasets.upsertItem('items', d.id, { input: { q: '2 + 2?' } });
    expect(second.id).toMatch(/^[0-9a-f-]{36}$/);
    const changed = await datasets.upsertItem('items', d.id, { id: 'item-1', expectedOutput: 'Paris, France', status: 'ARCHIVED' });
    expect(changed).toMatchObject({ id: 'item-1', input: { q: 'capital of France?' }, expectedOutput: 'Paris, France', status: 'ARCHIVED', sourceTraceId: 'ab'.repeat(16), createdAtMs: first.createdAtMs });

    expect((await datasets.listItems('items', { datasetId: d.id, archived: true, ...page })).total).toBe(2);
    expect((await datasets.listItems('items', { datasetId: d.id, archived: false, ...page })).items.map((i) => i.id)).toEqual([second.id]);
    expect((await datasets.listItems('items', { sourceTraceId: 'ab'.repeat(16), archived: true, ...page })).items.map((i) => i.id)).toEqual(['item-1']);
    expect(await datasets.itemCounts('items', [d.id, other.id])).toEqual(new Map([[d.id, 1]]));

    await expect(datasets.upsertItem('items', other.id, { id: 'item-1', input: 1 })).rejects.toBeInstanceOf(DatasetConflict);
    expect(await datasets.deleteItem('items', 'item-1')).toMatchObject({ id: 'item-1' });
    expect(await datasets.item('items', 'item-1')).toBeUndefined();
    expect(await datasets.deleteItem('items', 'item-1')).toBeUndefined();
    expect((await datasets.listItems('items', { datasetId: d.id, archived: true, ...page })).items.map((i) => i.id)).toEqual([second.id]);
  });
});

describe('RunStore', () => {
  it('makes a run with its first item, keeps its description unless given, lists items, scores, and deletes the run', async () => {
    const d = await datasets.upsertDataset('runs', { name: 'd' });
    const link = (runName: string, datasetItemId: string, runDescription?: string) =>
      runs.link('runs', d.id, { runName, runDescription, datasetItemId, traceId: 'cd'.repeat(16), observationId: null });
    const a = await link('run-1', 'x', 'first try');
    const b = await link('run-1', 'y');
    expect(b.run).toMatchObject({ id: a.run.id, name: 'run-1', description: 'first try' });
    await link('run-2', 'x');
    expect((await runs.listRuns('runs', d.id, page)).items.map((r) => r.name)).toEqual(['run-2', 'run-1']);
    const items = await runs.runItems('runs', d.id, [a.run.id]);
    expect(items.items.map((i) => i.datasetItemId)).toEqual(['x', 'y']);
    expect((await runs.runItems('runs', d.id, [a.run.id], { limit: 1, offset: 1 })).items.map((i) => i.datasetItemId)).toEqual(['y']);

    expect(await runs.runById('runs', a.run.id)).toMatchObject({ name: 'run-1' });
    await runs.addScore('runs', a.run, { id: 's1', name: 'accuracy', value: 0.5, stringValue: null, dataType: 'NUMERIC', comment: 'half right' });
    await runs.addScore('runs', a.run, { id: 's1', name: 'accuracy', value: 0.75, stringValue: null, dataType: 'NUMERIC', comment: null });
    expect(await runs.scores('runs', d.id, [a.run.id])).toEqual([expect.objectContaining({ id: 's1', name: 'accuracy', value: 0.75, comment: null })]);

    expect(await runs.deleteRun('runs', d.id, 'run-1')).toBe(true);
    expect(await runs.run('runs', d.id, 'run-1')).toBeUndefined();
    expect(await runs.deleteRun('runs', d.id, 'run-1')).toBe(false);
    // Run again under the name, it is a new run without the old one's items.
    const again = await link('run-1', 'z');
    expect(again.run.id).not.toBe(a.run.id);
    expect((await runs.runItems('runs', d.id, [again.run.id])).items.map((i) => i.datasetItemId)).toEqual(['z']);
  });

  it('makes one run when two query services link its first items at once, every item under it, and a new one after a delete', async () => {
    const d = await datasets.upsertDataset('shared', { name: 'd' });
    // Two services: each its own queue of changes, as separate processes have.
    const services = [new RunStore(store()), new RunStore(store())];
    const linkAll = (runName: string, prefix: string) =>
      Promise.all(
        services.flatMap((s, i) =>
          Array.from({ length: 10 }, (_, j) => s.link('shared', d.id, { runName, runDescription: 'nightly', datasetItemId: `${prefix}${i}.${j}`, traceId: 'ef'.repeat(16), observationId: null })),
        ),
      );
    const linked = await linkAll('nightly', 'item-');
    const { items: made } = await runs.listRuns('shared', d.id, page);
    expect(made.map((r) => r.name)).toEqual(['nightly']);
    expect(new Set(linked.map((l) => l.run.id))).toEqual(new Set([made[0].id]));
    expect((await runs.runItems('shared', d.id, [made[0].id])).total).toBe(20);

    expect(await services[0].deleteRun('shared', d.id, 'nightly')).toBe(true);
    const relinked = await linkAll('nightly', 'again-');
    const { items: remade } = await runs.listRuns('shared', d.id, page);
    expect(remade).toHaveLength(1);
    expect(remade[0].id).not.toBe(made[0].id);
    expect(new Set(relinked.map((l) => l.run.id))).toEqual(new Set([remade[0].id]));
    expect((await runs.runItems('shared', d.id, [remade[0].id])).items.every((i) => i.datasetItemId.startsWith('again-'))).toBe(true);
  });
});
