import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AttrValue, TypedAttributes, ValueTypes } from '../model/types.js';
import { applyActions, compileActions, type ActionYaml } from './attribute-actions.js';

const attrs = (values: Record<string, AttrValue>, types?: ValueTypes): TypedAttributes => ({ values, types });
const run = (actions: ActionYaml[], a: TypedAttributes) => {
  applyActions(compileActions(actions), a);
  return a;
};

describe('attribute actions', () => {
  it('insert adds only new keys, update changes only existing ones, upsert does both; values keep their YAML type', () => {
    const a = run(
      [
        { key: 'env', value: 'prod', action: 'insert' },
        { key: 'team', value: 'ml', action: 'INSERT' },
        { key: 'tier', value: 2, action: 'update' },
        { key: 'missing', value: 1, action: 'update' },
        { key: 'ratio', value: 0.5, action: 'upsert' },
        { key: 'flag', value: true, action: 'upsert' },
        { key: 'tags', value: ['a', 'b'], action: 'upsert' },
      ],
      attrs({ team: 'search', tier: 'gold' }),
    );
    expect(a.values).toEqual({ team: 'search', tier: 2, env: 'prod', ratio: 0.5, flag: true, tags: ['a', 'b'] });
    expect(a.types).toEqual({ tier: 'int', ratio: 'double', flag: 'bool', tags: 'array' });
  });

  it('copies another attribute, with its type, and does nothing when that attribute is absent', () => {
    const a = run(
      [
        { key: 'gen_ai.request.model', from_attribute: 'llm.model', action: 'upsert' },
        { key: 'gen_ai.usage.input_tokens', from_attribute: 'llm.prompt_tokens', action: 'insert' },
        { key: 'nothing', from_attribute: 'absent', action: 'upsert' },
      ],
      attrs({ 'llm.model': 'gpt-4o', 'llm.prompt_tokens': 12 }, { 'llm.prompt_tokens': 'int' }),
    );
    expect(a.values).toMatchObject({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 12 });
    expect(a.types).toEqual({ 'llm.prompt_tokens': 'int', 'gen_ai.usage.input_tokens': 'int' });
    expect('nothing' in a.values).toBe(false);
  });

  it('delete and hash take a key, a pattern or both; hash is SHA-256 of the value bytes as the contrib processor takes them', () => {
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const int = Buffer.alloc(8);
    int.writeBigInt64LE(42n);
    const a = run(
      [
        { key: 'password', action: 'delete' },
        { pattern: '^secret\\.', action: 'delete' },
        { key: 'user.email', pattern: '^user\\.id', action: 'hash' },
      ],
      attrs({ password: 'x', 'secret.a': 1, 'secret.b': 2, 'user.email': 'a@b.c', 'user.id': 42, keep: 'k' }, { 'secret.a': 'int', 'secret.b': 'int', 'user.id': 'int' }),
    );
    expect(a.values).toEqual({ 'user.email': sha(Buffer.from('a@b.c')), 'user.id': sha(int), keep: 'k' });
    expect(a.types).toEqual({});
  });

  it('extract sets every named group of the first match; nothing when the value does not match or is not a string', () => {
    const pattern = '^(?P<http_protocol>\\w+)://(?P<http_domain>[^/]+)(?P<http_path>/[^?]*)?';
    const a = run([{ key: 'http.url', pattern, action: 'extract' }], attrs({ 'http.url': 'https://api.openai.com/v1/chat?x=1' }));
    expect(a.values).toMatchObject({ http_protocol: 'https', http_domain: 'api.openai.com', http_path: '/v1/chat' });
    expect(run([{ key: 'http.url', pattern, action: 'extract' }], attrs({ 'http.url': 'https://x.io' })).values).toMatchObject({ http_domain: 'x.io', http_path: '' });
    expect(run([{ key: 'n', pattern: '(?P<d>\\d)', action: 'extract' }], attrs({ n: 5 }, { n: 'int' })).values).toEqual({ n: 5 });
    expect(run([{ key: 's', pattern: '(?P<d>\\d)', action: 'extract' }], attrs({ s: 'none' })).values).toEqual({ s: 'none' });
  });

  it('convert follows the contrib conversions and leaves what does not convert', () => {
    const a = run(
      [
        { key: 'code', action: 'convert', converted_type: 'int' },
        { key: 'big', action: 'convert', converted_type: 'int' },
        { key: 'bad', action: 'convert', converted_type: 'int' },
        { key: 'd', action: 'convert', converted_type: 'int' },
        { key: 'ratio', action: 'convert', converted_type: 'double' },
        { key: 'flag', action: 'convert', converted_type: 'double' },
        { key: 'list', action: 'convert', converted_type: 'string' },
      ],
      attrs({ code: '200', big: '9223372036854775807', bad: '12a', d: 2.9, ratio: '1.5e2', flag: true, list: [1, 'x'] }, { d: 'double', flag: 'bool', list: 'array' }),
    );
    expect(a.values).toEqual({ code: 200, big: '9223372036854775807', bad: '12a', d: 2, ratio: 150, flag: 1, list: '[1,"x"]' });
    expect(a.types).toEqual({ code: 'int', big: 'int', d: 'int', ratio: 'double', flag: 'double' });
  });

  it('refuses a malformed action, naming it and the problem', () => {
    const problem = (a: ActionYaml) => {
      try {
        compileActions([{ key: 'k', value: 1, action: 'insert' }, a], 'processors.attributes.actions');
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(problem({ key: 'k', action: 'rename' })).toBe('processors.attributes.actions[1].action: "rename" is not one of insert, update, upsert, delete, hash, extract, convert');
    expect(problem({ action: 'upsert', value: 1 })).toBe('processors.attributes.actions[1].key: required by the upsert action');
    expect(problem({ key: 'k', action: 'upsert' })).toBe('processors.attributes.actions[1]: the upsert action takes exactly one of value, from_attribute');
    expect(problem({ key: 'k', action: 'upsert', value: 1, from_attribute: 'j' })).toBe('processors.attributes.actions[1]: the upsert action takes exactly one of value, from_attribute');
    expect(problem({ key: 'k', action: 'insert', from_context: 'metadata.x' })).toMatch(/actions\[1\]\.from_context: not supported here/);
    expect(problem({ action: 'delete' })).toBe('processors.attributes.actions[1]: the delete action needs key, pattern or both');
    expect(problem({ key: 'k', action: 'delete', value: 3 })).toBe('processors.attributes.actions[1].value: not used by the delete action');
    expect(problem({ key: 'k', action: 'hash', pattern: '(' })).toMatch(/^processors\.attributes\.actions\[1\]\.pattern: invalid regular expression "\(": /);
    expect(problem({ key: 'k', action: 'extract', pattern: '(\\d+)' })).toBe('processors.attributes.actions[1].pattern: every group must be named ((?P<name>…))');
    expect(problem({ key: 'k', action: 'extract', pattern: '\\d+' })).toBe('processors.attributes.actions[1].pattern: has no named groups ((?P<name>…)) to extract into');
    expect(problem({ key: 'k', action: 'convert', converted_type: 'float' })).toBe('processors.attributes.actions[1].converted_type: "float" is not one of string, int, double');
  });
});
