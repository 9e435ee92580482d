import { describe, expect, it } from 'vitest';
import { embeddedTestStore, tableEngines } from '../../../test/embedded-store.js';
import { migrate } from '../migrate.js';
import { TABLES } from '../schema.js';

const store = embeddedTestStore('m8');

describe('migration 8', () => {
  it('makes every MergeTree table fsync its inserted parts (a table added later must too)', async () => {
    await migrate(store());
    const tables = (await tableEngines(store(), 'm8')).filter((t) => t.engine.endsWith('MergeTree'));
    expect(tables.length).toBeGreaterThanOrEqual(10);
    const unsynced = tables.filter((t) => !/fsync_after_insert = 1\b/.test(t.engine_full) || !/fsync_part_directory = 1\b/.test(t.engine_full)).map((t) => t.name);
    // The migrations log: a row lost to a power cut only re-runs a migration, and migrations are idempotent.
    expect(unsynced).toEqual([TABLES.migrations]);
  });
});
