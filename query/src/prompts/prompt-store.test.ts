import { describe, expect, it } from 'vitest';
import { migratedTestStore } from '../../test/migrated-store.js';
import { PromptStore, type NewPromptVersion } from './prompt-store.js';

const testStore = migratedTestStore('prompts');

const text = (name: string, prompt: string, labels: string[] = []): NewPromptVersion => ({ name, type: 'text', prompt, config: {}, labels, commitMessage: '' });

/** Two query services on one store: each has its own queue of changes, as separate processes do. */
const services = () => [new PromptStore(testStore()), new PromptStore(testStore())];

/** Creates `perService` versions from each service at once; each create's answer and the text it sent. */
async function createAtOnce(name: string, perService: number, prefix = 'text') {
  const sent = services().flatMap((s, i) => Array.from({ length: perService }, (_, j) => ({ s, prompt: `${prefix} ${i}.${j}` })));
  return Promise.all(sent.map(async ({ s, prompt }) => ({ prompt, created: await s.create('p', text(name, prompt)) })));
}

describe('PromptStore across query services', () => {
  it('numbers versions created at once by two services 1..20, every text kept once under the version its create was answered', async () => {
    const answers = await createAtOnce('shared', 10);
    const versions = await new PromptStore(testStore()).versions('p', 'shared');
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(versions.map((v) => v.prompt)).size).toBe(20);
    for (const { prompt, created } of answers) expect(versions.find((v) => v.version === created.version)?.prompt, prompt).toBe(prompt);
  });

  it('moves a label once when two services create labelled versions at once: one version has it, the newest of them', async () => {
    const [a, b] = services();
    await Promise.all([a.create('p', text('labelled', 'a', ['production'])), b.create('p', text('labelled', 'b', ['production']))]);
    const versions = await a.versions('p', 'labelled');
    expect(versions.map((v) => [v.version, v.labels])).toEqual([[1, []], [2, ['production']]]);
  });

  it('starts again at version 1 for a prompt deleted and created again, concurrent creates included', async () => {
    await createAtOnce('again', 2);
    expect(await new PromptStore(testStore()).remove('p', 'again', {})).toBe(4);
    const answers = await createAtOnce('again', 3, 'second life');
    const versions = await new PromptStore(testStore()).versions('p', 'again');
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const { prompt, created } of answers) expect(versions.find((v) => v.version === created.version)?.prompt).toBe(prompt);
    // The newest deleted alone, its number is given again.
    const [a] = services();
    expect(await a.remove('p', 'again', { version: 6 })).toBe(1);
    expect((await a.create('p', text('again', 'six again'))).version).toBe(6);
    expect((await a.versions('p', 'again')).at(-1)).toMatchObject({ version: 6, prompt: 'six again' });
  });
});
