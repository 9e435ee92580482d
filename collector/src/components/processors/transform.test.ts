import { describe, expect, it } from 'vitest';
import { configProblems, loadCommentedExamples, loadPipelineConfig } from '../../../test/processor-config.js';

describe('transform processor config', () => {
  it('takes statement groups per signal', () => {
    const c = loadPipelineConfig(
      `  transform/x:
    error_mode: ignore
    trace_statements: [{ context: span, statements: ['set(attributes["a"], 1)'] }]
    log_statements: [{ context: log, conditions: ['severity_number < 9'], statements: ['set(severity_text, "DEBUG")'] }]
    metric_statements: [{ context: datapoint, statements: ['delete_key(attributes, "pod")'] }]`,
      'transform/x',
    );
    expect(c.processors.get('transform/x')!.config).toMatchObject({ error_mode: 'ignore', trace_statements: [{ context: 'span' }] });
    const flat = loadPipelineConfig(`  transform/flat:\n    trace_statements: ['set(span.name, "x")', { conditions: ['span.kind == 2'], statements: ['set(span.status.code, 1)'] }]`, 'transform/flat');
    expect(flat.processors.get('transform/flat')!.config).toMatchObject({ trace_statements: ['set(span.name, "x")', expect.any(Object)] });
  });

  it('names every bad statement and the keys it does not know', () => {
    const message = configProblems(
      `  transform:
    trace_statements: [{ context: span, statements: ['set(kind, 1)', 'set(attributes["a"], IsMatch(name))'] }, { context: log, statements: ['set(name, "x")'] }]
  transform/empty: {}
  transform/flat: { statements: ['set(span.name, "x")'] }`,
      'transform, transform/empty, transform/flat',
    );
    expect(message).toContain('processors.transform.trace_statements[0].statements[0]: cannot write "kind" in the span context');
    expect(message).toContain('processors.transform.trace_statements[0].statements[1]: IsMatch takes 2 arguments');
    expect(message).toContain('processors.transform.trace_statements[1].context: "log" is not one of span, spanevent, resource, scope');
    expect(message).toContain('processors.transform/empty: give at least one statement group');
    expect(message).toContain('processors.transform/flat.statements: unknown key');
  });

  it('loads the commented example in the shipped otel-config.yaml once uncommented', () => {
    expect(loadCommentedExamples('transform').processors.get('transform')!.config).toMatchObject({ trace_statements: [expect.stringContaining('span.attributes'), expect.any(String)] });
  });
});
