import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { validateGenAiSpan, type SpanLike } from './validate.js';

const ok = { code: SpanStatusCode.OK };
const chat = (attributes: SpanLike['attributes'], extra: Partial<SpanLike> = {}): SpanLike => ({
  name: 'chat gpt-4o',
  kind: SpanKind.CLIENT,
  status: ok,
  attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', ...attributes },
  ...extra,
});

describe('validateGenAiSpan', () => {
  it('accepts a well-formed inference span', () => {
    expect(validateGenAiSpan(chat({ 'server.address': 'api.openai.com', 'server.port': 443, 'gen_ai.usage.input_tokens': 3 }))).toEqual([]);
  });

  it('reports every problem it finds', () => {
    const problems = validateGenAiSpan(
      chat(
        {
          'gen_ai.provider.name': undefined,
          'gen_ai.system': 'openai',
          'server.address': 'x',
          'gen_ai.usage.input_tokens': -1,
          'gen_ai.input.messages': '[{"parts":[]}]',
          'gen_ai.output.messages': 'not json',
        },
        { name: 'openai.chat', kind: SpanKind.INTERNAL, status: { code: SpanStatusCode.ERROR } },
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'deprecated attribute gen_ai.system',
        'gen_ai.provider.name is required',
        'span name "openai.chat" should be "chat gpt-4o"',
        'inference spans must be CLIENT',
        'server.port is required when server.address is set',
        'gen_ai.usage.input_tokens must be a non-negative integer',
        'error.type is required when the span status is ERROR',
        'gen_ai.input.messages[0].role must be a string',
        'gen_ai.output.messages must be a JSON array',
      ]),
    );
  });

  it('checks agent and tool spans by their subject name', () => {
    const tool: SpanLike = { name: 'execute_tool x', kind: SpanKind.INTERNAL, status: ok, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'y' } };
    expect(validateGenAiSpan(tool)).toEqual(['span name "execute_tool x" should be "execute_tool y"']);
    expect(validateGenAiSpan({ ...tool, attributes: {} })).toEqual(['gen_ai.operation.name is required']);
  });
});
