import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { configErrors } from '../../../test/config-errors.js';
import { pipelineConfig } from '../../../test/processor-config.js';
import { FACTORIES } from '../registry.js';

describe('media processor config', () => {
  it('names the key and the problem, and is not offered for metrics', () => {
    const message = configErrors(pipelineConfig('  media: { min_value_length: 0, min_media_bytes: lots, max_media_bytes: 512 }\n  media/b: { min_media_bytes: 2KiB, max_media_bytes: 1KiB }', 'media, media/b'));
    expect(message).toContain('processors.media.min_value_length: expected a positive integer, got 0');
    expect(message).toContain('processors.media.min_media_bytes: "lots" is not a size');
    expect(message).toContain('processors.media/b.max_media_bytes: at least min_media_bytes (2048), got "1KiB"');
    expect(message).toContain('media does not support metrics');
  });

  it('is first in the shipped traces and logs pipelines, with its defaults written out', () => {
    const c = parseConfig(readFileSync(new URL('../../../../otel-config.yaml', import.meta.url), 'utf8'), {}, FACTORIES);
    expect(c.processors.get('media')!.config).toEqual({ min_value_length: 4096, min_media_bytes: 1024, max_media_bytes: '32MiB' });
    expect(c.pipelines.filter((p) => p.processors[0] === 'media').map((p) => p.id)).toEqual(['traces', 'logs']);
  });
});
