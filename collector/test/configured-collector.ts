import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../src/collector.js';
import { readSettings } from '../src/settings.js';
import { migrate } from '../src/storage/migrate.js';
import type { Store } from '../src/storage/client.js';
import { embeddedTestStore } from './embedded-store.js';

/**
 * A collector running `config` (otel-config.yaml text) on the calling test file's embedded store
 * (database `database`), started after the migrations before its tests and shut down after them.
 * The returned functions give the open store and the running collector.
 */
export function configuredTestCollector(database: string, config: string): { store: () => Store; collector: () => RunningCollector } {
  const store = embeddedTestStore(database);
  let collector: RunningCollector | undefined;
  beforeAll(async () => {
    await migrate(store());
    const dataDir = mkdtempSync(join(tmpdir(), `${database}-`));
    writeFileSync(join(dataDir, 'otel-config.yaml'), config);
    collector = await startCollector(store(), readSettings({ WATCHLLM_DATA_DIR: dataDir, WATCHLLM_DATABASE: database, WATCHLLM_CONFIG: join(dataDir, 'otel-config.yaml') }));
  }, 60_000);
  afterAll(() => collector?.shutdown());
  return { store, collector: () => collector! };
}
