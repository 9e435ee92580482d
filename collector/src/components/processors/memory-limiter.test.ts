import { describe, expect, it } from 'vitest';
import { configProblems, loadCommentedExamples } from '../../../test/processor-config.js';

describe('memory_limiter processor config', () => {
  it('names the key and the problem', () => {
    expect(configProblems('  memory_limiter: { check_interval: 0 }', 'memory_limiter')).toContain('processors.memory_limiter: set limit_mib (or limit_percentage)');
    const message = configProblems(
      '  memory_limiter: { check_interval: 0, limit_mib: 100, limit_percentage: 50, spike_limit_mib: 200 }\n  memory_limiter/pct: { limit_percentage: 150, spike_limit_percentage: -1 }',
      'memory_limiter, memory_limiter/pct',
    );
    expect(message).toContain('processors.memory_limiter.check_interval: must be longer than 0');
    expect(message).toContain('processors.memory_limiter: set limit_mib or limit_percentage, not both');
    expect(message).toContain('processors.memory_limiter: the spike limit must be below the limit');
    expect(message).toContain('processors.memory_limiter/pct.spike_limit_percentage: expected a number of 0 or more, got -1');
    expect(message).toContain('processors.memory_limiter/pct: percentages are at most 100');
  });

  it('loads the commented example in the shipped otel-config.yaml once uncommented', () => {
    expect(loadCommentedExamples('memory_limiter').processors.get('memory_limiter')!.config).toMatchObject({ check_interval: '1s', limit_mib: 1500 });
  });
});
