import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { FACTORIES } from '../registry.js';
import { commentedProcessorExample } from '../../../test/commented-example.js';

const config = (processors: string, list: string) => `
receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:4318" } } } }
processors: { ${processors} }
exporters: { clickhouse: {} }
service:
  pipelines:
    traces: { receivers: [otlp], processors: [${list}], exporters: [clickhouse] }
    logs: { receivers: [otlp], processors: [${list}], exporters: [clickhouse] }
    metrics: { receivers: [otlp], processors: [${list}], exporters: [clickhouse] }
`;

function problems(processors: string, list: string): string {
  try {
    parseConfig(config(processors, list), {}, FACTORIES);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('attributes and resource processor config', () => {
  it('takes contrib-style configs in every signal pipeline', () => {
    const c = parseConfig(
      config(
        'attributes/x: { include: { match_type: regexp, services: ["^bot"] }, actions: [{ key: env, value: prod, action: upsert }] }, resource: { attributes: [{ key: region, value: eu, action: INSERT }] }',
        'attributes/x, resource',
      ),
      {},
      FACTORIES,
    );
    expect(c.pipelines.map((p) => p.processors)).toEqual([['attributes/x', 'resource'], ['attributes/x', 'resource'], ['attributes/x', 'resource']]);
  });

  it('names the key and the problem', () => {
    const message = problems(
      'attributes: { actions: [{ key: a, action: upsert }], include: { services: [x] }, exclude: { match_type: strict } }, resource: { attributes: [{ key: r, action: extract, pattern: "(x)" }] }, attributes/empty: {}',
      'attributes, resource, attributes/empty',
    );
    expect(message).toContain('processors.attributes.actions[0]: the upsert action takes exactly one of value, from_attribute');
    expect(message).toContain('processors.attributes.include.match_type: "" is not one of strict, regexp');
    expect(message).toContain('processors.resource.attributes[0].pattern: every group must be named');
    expect(message).toContain('processors.attributes/empty.actions: give at least one action');
  });

  it('loads the commented examples in the shipped otel-config.yaml once uncommented', () => {
    const yaml = `${commentedProcessorExample('attributes/legacy')}\n${commentedProcessorExample('resource')}`;
    const c = parseConfig(config('', 'attributes/legacy, resource').replace('processors: {  }', `processors:\n${yaml}`), {}, FACTORIES);
    expect((c.processors.get('attributes/legacy')!.config as { actions: unknown[] }).actions).toHaveLength(3);
    expect(c.processors.get('resource')!.config).toEqual({ attributes: [{ key: 'deployment.environment', value: 'production', action: 'upsert' }] });
  });
});
