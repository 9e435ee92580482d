import { describe, expect, it } from 'vitest';
import { firstSpanCurl, langfuseEnvSnippet, sdkEnvSnippet } from './snippet.js';

describe('first span snippet', () => {
  it('posts valid OTLP JSON to port 4318 of the current host', () => {
    const cmd = firstSpanCurl('example.com', 1_700_000_000_000, () => 0.5);
    expect(cmd).toContain('http://example.com:4318/v1/traces');
    const json = cmd.slice(cmd.indexOf("-d '") + 4, -1).replace(/'\\''/g, "'");
    const body = JSON.parse(json);
    const span = body.resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span.endTimeUnixNano).toBe('1700000000000000000');
    expect(span.attributes.find((a: { key: string }) => a.key === 'gen_ai.request.model').value.stringValue).toBe('gpt-4o-mini');
    expect(sdkEnvSnippet('h')).toContain('OTEL_EXPORTER_OTLP_ENDPOINT=http://h:4318');
    expect(langfuseEnvSnippet('http://h:8080')).toContain('LANGFUSE_BASE_URL=http://h:8080\n');
  });
});
