import { describe, expect, it } from 'vitest';
import { normalizeSpan } from './normalize.js';
import { makeSpan } from './testing.js';
import { asTagList, MAX_TAG_LENGTH, MAX_TAGS } from './values.js';
import type { Attributes } from './types.js';

const tagsOf = (attrs: Attributes) => normalizeSpan(makeSpan(attrs))?.tags;

describe('trace tags', () => {
  it.each([
    ['Langfuse SDK (string array)', { 'langfuse.trace.tags': ['prod', 'checkout'] }, ['prod', 'checkout']],
    ['Langfuse, older key', { 'langfuse.tags': ['beta'] }, ['beta']],
    ['Langfuse metadata key (JSON text)', { 'langfuse.trace.metadata.langfuse_tags': '["a", "b"]' }, ['a', 'b']],
    ['Langfuse observation metadata (comma-separated)', { 'langfuse.observation.metadata.langfuse_tags': 'a, b ,c' }, ['a', 'b', 'c']],
    ['OpenInference tag.tags', { 'openinference.span.kind': 'CHAIN', 'tag.tags': ['rag', 'v2'] }, ['rag', 'v2']],
    ['Vercel AI SDK metadata', { 'ai.operationId': 'ai.generateText', 'ai.telemetry.metadata.tags': ['support'] }, ['support']],
    ['one tag as a string', { 'langfuse.trace.tags': 'solo' }, ['solo']],
  ])('reads %s', (_, attrs, expected) => {
    expect(tagsOf(attrs as Attributes)).toEqual(expected);
  });

  it('unions every source (convention mappers first, then tag.tags), each tag once', () => {
    expect(tagsOf({
      'openinference.span.kind': 'LLM', 'tag.tags': ['a', 'b', 'a'],
      'langfuse.trace.tags': ['b', 'c'],
    })).toEqual(['b', 'c', 'a']);
  });

  it('is null on a GenAI span without tags, and counts the keys as understood', () => {
    expect(tagsOf({ 'gen_ai.operation.name': 'chat' })).toBeNull();
    const record = normalizeSpan(makeSpan({ 'openinference.span.kind': 'LLM', 'tag.tags': ['x'] }))!;
    expect(record.diagnostics.mapped).toContain('tag.tags');
  });

  it('drops what is not a tag list with a note, and bounds hostile lists', () => {
    const record = normalizeSpan(makeSpan({ 'langfuse.trace.tags': { nested: 'map' } }))!;
    expect(record.tags).toBeNull();
    expect(record.diagnostics.notes.join()).toContain('langfuse.trace.tags');
    const many = Array.from({ length: 500 }, (_, i) => `t${i}`);
    expect(tagsOf({ 'langfuse.trace.tags': many })).toHaveLength(MAX_TAGS);
    expect(tagsOf({ 'langfuse.trace.tags': ['x'.repeat(10_000)] })![0]).toHaveLength(MAX_TAG_LENGTH);
  });

  it('parses the forms sources send', () => {
    expect(asTagList([' a ', '', 3, true, null, ['nested']])).toEqual(['a', '3', 'true']);
    expect(asTagList('  ["x", 2]')).toEqual(['x', '2']);
    expect(asTagList('[not json')).toEqual(['[not json']);
    expect(asTagList('')).toEqual([]);
    expect(asTagList(7)).toBeUndefined();
  });
});

describe('tag.tags without OpenInference', () => {
  it('is read on any GenAI span (what @watchllm/instrumentation records)', () => {
    expect(tagsOf({ 'gen_ai.operation.name': 'chat', 'tag.tags': ['support'] })).toEqual(['support']);
  });
});
