import { describe, expect, it } from 'vitest';
import { embeddedTestStore } from '../../test/embedded-store.js';
import type { Store } from '../storage/client.js';
import { insertRows } from '../storage/insert-rows.js';
import { migrate } from '../storage/migrate.js';
import { MODELS_TABLE } from '../storage/migrations/021-models.js';
import { createProjectModelPrices } from './project-prices.js';
import { modelRow, readModels, type StoredModel } from './stored-models.js';
import { dateTime64Us } from '../storage/values.js';

const store = embeddedTestStore('project_prices');
const NOW = Date.now();
let clock = NOW * 1000;

const model = (fields: Partial<StoredModel>): StoredModel => ({
  id: 'm1', modelName: 'acme', matchPattern: '(?i)^acme-llm$', startMs: null, unit: 'TOKENS', inputPrice: 0.000001, outputPrice: 0.000002, totalPrice: null,
  prices: { input: 0.000001, output: 0.000002 }, tokenizerId: null, tokenizerConfig: null, createdAtMs: NOW, updatedAtMs: NOW, ...fields,
});
const write = (projectId: string, m: StoredModel, deleted = false) => insertRows(store(), MODELS_TABLE, [{ ...modelRow(projectId, m, deleted), UpdatedAt: dateTime64Us(++clock) }]);

describe('stored models', () => {
  it('read back as written, the latest row of each id, deleted ones left out, newest change first', async () => {
    await migrate(store());
    await write('p', model({ startMs: Date.parse('2025-01-01'), tokenizerId: 'openai', tokenizerConfig: { tokensPerMessage: 3 } }));
    await write('p', model({ id: 'm2', matchPattern: '^other$' }));
    await write('q', model({ id: 'm3' }));
    expect(await readModels(store(), { projectId: 'p' })).toEqual([
      { ...model({ id: 'm2', matchPattern: '^other$' }), projectId: 'p', updatedAtMs: expect.any(Number) },
      { ...model({ startMs: Date.parse('2025-01-01'), tokenizerId: 'openai', tokenizerConfig: { tokensPerMessage: 3 } }), projectId: 'p', updatedAtMs: expect.any(Number) },
    ]);
    await write('p', model({ id: 'm2', inputPrice: null, prices: { output: 0.000002 } }));
    expect((await readModels(store(), { projectId: 'p', id: 'm2' }))[0]).toMatchObject({ inputPrice: null, prices: { output: 0.000002 } });
    await write('p', model({ id: 'm2' }), true);
    expect((await readModels(store(), { projectId: 'p' })).map((m) => m.id)).toEqual(['m1']);
    expect((await readModels(store())).map((m) => `${m.projectId}/${m.id}`).sort()).toEqual(['p/m1', 'q/m3']);
  });
});

describe('project model prices', () => {
  const at = Date.parse('2025-06-01');

  it("prices each project by its own models, and picks up a change on refresh", async () => {
    const prices = createProjectModelPrices(store(), { refreshMs: 60_000 });
    await prices.start();
    try {
      expect(prices.of('p')?.find('ACME-LLM', at)).toMatchObject({ version: 'model:m1', rates: { input: 1, output: 2 } });
      expect(prices.of('q')?.find('acme-llm', at)?.version).toBe('model:m3');
      expect(prices.of('nobody')).toBeUndefined();
      await write('p', model({ id: 'm4', startMs: Date.parse('2025-05-01'), prices: { input: 0.000005, output: 0.000005 } }));
      await prices.refresh();
      expect(prices.of('p')?.find('acme-llm', at)?.version).toBe('model:m4');
      expect(prices.of('p')?.find('acme-llm', Date.parse('2025-04-01'))?.version).toBe('model:m1');
      await write('p', model({ id: 'm4' }), true);
      await write('q', model({ id: 'm3' }), true);
      await prices.refresh();
      expect(prices.of('p')?.find('acme-llm', at)?.version).toBe('model:m1');
      expect(prices.of('q')).toBeUndefined();
    } finally {
      prices.stop();
    }
  });

  it('keeps the last models read while the store cannot be read, saying so once', async () => {
    let down = false;
    const flaky: Store = {
      ...store(),
      client: new Proxy(store().client, {
        get: (target, key, receiver) => (key === 'query' && down ? () => Promise.reject(new Error('connection refused')) : Reflect.get(target, key, receiver)),
      }),
    };
    const logs: string[] = [];
    const prices = createProjectModelPrices(flaky, { refreshMs: 60_000, log: (m) => logs.push(m) });
    await prices.start();
    down = true;
    await prices.refresh();
    await prices.refresh();
    expect(prices.of('p')?.find('acme-llm', at)?.version).toBe('model:m1');
    expect(logs).toEqual([expect.stringMatching(/cannot read watchllm_models \(connection refused\); pricing with the models last read/)]);
    down = false;
    await prices.refresh();
    expect(logs).toHaveLength(2);
    prices.stop();
  });

  it('a refresh asked while one is reading waits for a read that began after it', async () => {
    const prices = createProjectModelPrices(store(), { refreshMs: 60_000 });
    await prices.start();
    const first = prices.refresh();
    await write('p', model({ id: 'm5', matchPattern: '^late$' }));
    await Promise.all([first, prices.refresh()]);
    expect(prices.of('p')?.find('late', at)?.version).toBe('model:m5');
    prices.stop();
  });
});
