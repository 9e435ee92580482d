import { describe, expect, it } from 'vitest';
import { embeddedTestStore, tableEngines } from '../../../test/embedded-store.js';
import { migrate } from '../migrate.js';

const store = embeddedTestStore('m10');

describe('migration 10', () => {
  it('lets the span and log tables end a compressed block at any granule past 4 KiB', async () => {
    await migrate(store());
    const tables = (await tableEngines(store(), 'm10')).filter((t) => ['otel_traces', 'otel_logs'].includes(t.name));
    expect(tables.map((t) => t.name)).toEqual(['otel_logs', 'otel_traces']);
    for (const t of tables) expect(t.engine_full, t.name).toContain('min_compress_block_size = 4096');
  });
});
