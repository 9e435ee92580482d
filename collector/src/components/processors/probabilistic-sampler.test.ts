import { describe, expect, it } from 'vitest';
import { commentedExample } from '../../../test/commented-example.js';
import { configProblems, loadPipelineConfig } from '../../../test/processor-config.js';

describe('probabilistic_sampler processor config', () => {
  it('names the key and the problem, and is not offered for metrics', () => {
    const message = configProblems('  probabilistic_sampler: { mode: proportional, hash_seed: -1, attribute_source: record }', 'probabilistic_sampler');
    expect(message).toContain('processors.probabilistic_sampler.mode: "proportional" is not offered here; hash_seed is');
    expect(message).toContain('processors.probabilistic_sampler.sampling_percentage: required');
    expect(message).toContain('processors.probabilistic_sampler.hash_seed: expected an unsigned 32-bit integer, got -1');
    expect(message).toContain('processors.probabilistic_sampler.from_attribute: required with attribute_source: record');
    expect(message).toContain('probabilistic_sampler does not support metrics');
  });

  it('loads the commented example in the shipped otel-config.yaml once uncommented, in traces and logs pipelines', () => {
    const c = loadPipelineConfig(commentedExample('probabilistic_sampler'), 'probabilistic_sampler', {}, ['traces', 'logs']);
    expect(c.processors.get('probabilistic_sampler')!.config).toMatchObject({ mode: 'hash_seed', sampling_percentage: 25, hash_seed: 22, fail_closed: true });
  });
});
