import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openStore, type Store } from '@watchllm/collector';
import { startClickHouseHttpDouble, type ClickHouseHttpDouble } from '../../../collector/test/clickhouse-http-double.js';
import { PromptStore, type NewPromptVersion } from './prompt-store.js';

// Its own file: the double runs the embedded engine in this process, which holds one data directory at a time.
const text = (name: string, prompt: string): NewPromptVersion => ({ name, type: 'text', prompt, config: {}, labels: [], commitMessage: '' });

// The scale-out path: two query services, each with its own HTTP client, against a ClickHouse server (the test-only
// double that answers ClickHouse's HTTP interface on the embedded engine): the claim's foreground insert settings are
// probed from the server and sent with the insert.
describe('PromptStore across query services on a ClickHouse server', () => {
  let dir: string;
  let double: ClickHouseHttpDouble;
  const stores: Store[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watchllm-prompts-server-'));
    double = await startClickHouseHttpDouble({ dataDir: join(dir, 'engine') });
    for (let i = 0; i < 2; i++) stores.push(openStore({ kind: 'server', url: double.url, database: 'prompts_server' }));
    await migrate(stores[0]);
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await double?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers versions created at once by two services over HTTP 1..10, every text kept under the version it was answered', async () => {
    const services = stores.map((s) => new PromptStore(s));
    const sent = services.flatMap((s, i) => Array.from({ length: 5 }, (_, j) => ({ s, prompt: `over http ${i}.${j}` })));
    const answers = await Promise.all(sent.map(async ({ s, prompt }) => ({ prompt, created: await s.create('p', text('remote', prompt)) })));
    const versions = await services[0].versions('p', 'remote');
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    for (const { prompt, created } of answers) expect(versions.find((v) => v.version === created.version)?.prompt, prompt).toBe(prompt);
  });
});

