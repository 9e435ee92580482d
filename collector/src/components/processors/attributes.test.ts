import { describe, expect, it } from 'vitest';
import { configProblems, loadCommentedExamples, loadPipelineConfig } from '../../../test/processor-config.js';

describe('attributes and resource processor config', () => {
  it('takes contrib-style configs in every signal pipeline', () => {
    const c = loadPipelineConfig(
      '  attributes/x: { include: { match_type: regexp, services: ["^bot"] }, actions: [{ key: env, value: prod, action: upsert }] }\n  resource: { attributes: [{ key: region, value: eu, action: INSERT }] }',
      'attributes/x, resource',
    );
    expect(c.pipelines.map((p) => p.processors)).toEqual([['attributes/x', 'resource'], ['attributes/x', 'resource'], ['attributes/x', 'resource']]);
  });

  it('names the key and the problem', () => {
    const message = configProblems(
      '  attributes: { actions: [{ key: a, action: upsert }], include: { services: [x] } }\n  resource: { attributes: [{ key: r, action: extract, pattern: "(x)" }] }\n  attributes/empty: {}',
      'attributes, resource, attributes/empty',
    );
    expect(message).toContain('processors.attributes.actions[0]: the upsert action takes exactly one of value, from_attribute');
    expect(message).toContain('processors.attributes.include.match_type: "" is not one of strict, regexp');
    expect(message).toContain('processors.resource.attributes[0].pattern: every group must be named');
    expect(message).toContain('processors.attributes/empty.actions: give at least one action');
  });

  it('loads the commented examples in the shipped otel-config.yaml once uncommented', () => {
    const c = loadCommentedExamples('attributes/legacy', 'resource');
    expect((c.processors.get('attributes/legacy')!.config as { actions: unknown[] }).actions).toHaveLength(3);
    expect(c.processors.get('resource')!.config).toEqual({ attributes: [{ key: 'deployment.environment', value: 'production', action: 'upsert' }] });
  });
});
