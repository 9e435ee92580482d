import { describe, expect, it } from 'vitest';
import { referencesIn, resolveReferences, UnresolvableReference } from './prompt-references.js';
import type { PromptVersion } from './prompt-store.js';

const version = (name: string, n: number, prompt: unknown, labels: string[] = [], type: 'text' | 'chat' = 'text'): PromptVersion => ({
  name, version: n, type, prompt, config: {}, labels, tags: [], commitMessage: '', createdAtMs: 0, updatedAtMs: 0,
});

const store: Record<string, PromptVersion[]> = {
  tone: [version('tone', 1, 'Be brief.'), version('tone', 2, 'Be brief and kind.', ['production'])],
  rules: [version('rules', 1, 'Rules: @@@langfusePrompt:name=tone|label=production@@@ Never guess.')],
  loop: [version('loop', 1, 'Again: @@@langfusePrompt:name=loop|version=1@@@')],
  chat: [version('chat', 1, [{ role: 'system', content: 'x' }], [], 'chat')],
  v1: [version('v1', 1, 'one')],
  v11: [version('v11', 1, 'eleven')],
};
const versionsOf = async (name: string) => store[name] ?? [];

describe('prompt references', () => {
  it('finds references by version or label', () => {
    expect(referencesIn('a @@@langfusePrompt:name=x/y|version=3@@@ b @@@langfusePrompt:name=z|label=staging@@@')).toEqual([
      { name: 'x/y', version: 3 },
      { name: 'z', label: 'staging' },
    ]);
    expect(referencesIn('no @@@langfusePrompt:name=x@@@ reference')).toEqual([]);
  });

  it('replaces each by the text it names, resolved in turn, in text prompts and chat messages', async () => {
    expect(await resolveReferences('Support. @@@langfusePrompt:name=rules|version=1@@@', versionsOf, ['root'])).toBe('Support. Rules: Be brief and kind. Never guess.');
    expect(await resolveReferences('@@@langfusePrompt:name=tone|version=1@@@/@@@langfusePrompt:name=tone|label=production@@@', versionsOf, ['root'])).toBe('Be brief./Be brief and kind.');
    // Names and versions that run into each other stay apart.
    expect(await resolveReferences('@@@langfusePrompt:name=v1|version=1@@@ @@@langfusePrompt:name=v11|version=1@@@', versionsOf, ['root'])).toBe('one eleven');
    expect(await resolveReferences([{ role: 'system', content: '@@@langfusePrompt:name=tone|version=2@@@' }, { type: 'placeholder', name: 'h' }], versionsOf, ['root'])).toEqual([
      { role: 'system', content: 'Be brief and kind.' },
      { type: 'placeholder', name: 'h' },
    ]);
  });

  it('refuses a missing prompt, a chat prompt and a cycle by name', async () => {
    await expect(resolveReferences('@@@langfusePrompt:name=nope|label=production@@@', versionsOf, ['root'])).rejects.toMatchObject({ missing: true, message: 'referenced prompt nope (label production) not found' });
    await expect(resolveReferences('@@@langfusePrompt:name=chat|version=1@@@', versionsOf, ['root'])).rejects.toThrow(/only text prompts/);
    await expect(resolveReferences('@@@langfusePrompt:name=loop|version=1@@@', versionsOf, ['root'])).rejects.toThrow('prompt references form a cycle: root → loop → loop');
    await expect(resolveReferences('@@@langfusePrompt:name=root|version=1@@@', versionsOf, ['root'])).rejects.toBeInstanceOf(UnresolvableReference);
  });
});
