import { describe, expect, it } from 'vitest';
import { configProblems, loadCommentedExamples, loadPipelineConfig } from '../../../test/processor-config.js';

describe('filter processor config', () => {
  it('takes OTTL conditions per context in every signal pipeline', () => {
    const c = loadPipelineConfig(
      `  filter/noise:
    error_mode: ignore
    traces: { span: ['attributes["http.route"] == "/health"'] }
    logs: { log_record: ['severity_number < SEVERITY_NUMBER_INFO'] }
    metrics: { datapoint: ['attributes["route"] == "/health"'] }`,
      'filter/noise',
    );
    expect(c.processors.get('filter/noise')!.config).toMatchObject({ error_mode: 'ignore', traces: { span: ['attributes["http.route"] == "/health"'], spanevent: [] } });
  });

  it('takes flat condition lists whose contexts the paths name (contrib 0.146+)', () => {
    const c = loadPipelineConfig(
      `  filter/flat:
    trace_conditions: ['resource.attributes["service.name"] == "probe"', { conditions: ['span.kind == SPAN_KIND_SERVER'], error_mode: silent }]
    metric_conditions: ['datapoint.attributes["route"] == "/health"']`,
      'filter/flat',
    );
    expect(c.processors.get('filter/flat')!.config).toMatchObject({ trace_conditions: expect.any(Array), log_conditions: [], traces: { span: [] } });
    expect(configProblems(`  filter: { log_conditions: ['span.name == "x"'] }`, 'filter')).toContain('processors.filter.log_conditions[0]: paths starting "span." do not belong to logs');
  });

  it('names every bad condition, and keys it does not know', () => {
    const message = configProblems(
      `  filter:
    error_mode: loud
    traces: { span: ['kind == SPAN_KIND_SERVER', 'duration > 5'], spanevent: ['IsMatch(name)'] }
    logs: { log_record: "severity_number < 9" }
  filter/empty: {}
  filter/legacy: { spans: { exclude: { match_type: strict, services: [a] } } }`,
      'filter, filter/empty, filter/legacy',
    );
    expect(message).toContain('processors.filter.error_mode: "loud" is not one of ignore, silent, propagate');
    expect(message).toContain('processors.filter.logs.log_record: expected a list of conditions');
    expect(message).toContain('processors.filter/empty: give at least one condition');
    expect(message).toContain('processors.filter/legacy.spans: unknown key');
    const conditions = configProblems(`  filter: { traces: { span: ['kind == SPAN_KIND_SERVER', 'duration > 5'], spanevent: ['IsMatch(name)'] } }`, 'filter');
    expect(conditions).toContain('processors.filter.traces.span[1]: unknown path "duration" in the span context');
    expect(conditions).toContain('processors.filter.traces.spanevent[0]: IsMatch takes 2 arguments');
  });

  it('loads the commented example in the shipped otel-config.yaml once uncommented', () => {
    expect(loadCommentedExamples('filter/noise').processors.get('filter/noise')!.config).toMatchObject({ trace_conditions: [expect.stringContaining('span.name')], log_conditions: expect.any(Array) });
  });
});
