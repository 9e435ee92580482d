/**
 * Langfuse's prompt composition: a prompt's text (or a chat message's content) may reference another
 * text prompt as `@@@langfusePrompt:name=NAME|version=N@@@` or `…|label=LABEL@@@`; reading the prompt
 * replaces each reference by that prompt's text, itself resolved, unless the reader asks for it raw.
 */
import { pickVersion, type PromptVersion } from './prompt-store.js';

const REFERENCE = /@@@langfusePrompt:name=([^|@]+)\|(version|label)=([^|@]+)@@@/g;
/** References within references, as deep as Langfuse allows. */
const MAX_DEPTH = 5;

export interface PromptReference {
  name: string;
  version?: number;
  label?: string;
}

/** Why a prompt's references cannot be resolved (answered 400 on create, 404 / 400 on read). */
export class UnresolvableReference extends Error {
  constructor(
    message: string,
    readonly missing: boolean,
  ) {
    super(message);
  }
}

/** The references in one text. */
export function referencesIn(text: string): PromptReference[] {
  return [...text.matchAll(REFERENCE)].map(([, name, kind, value]) => (kind === 'version' ? { name, version: Number(value) } : { name, label: value }));
}

const keyOf = (r: PromptReference) => `${r.name}\u0000${r.version !== undefined ? `v${r.version}` : `l${r.label}`}`;

const describe = (r: PromptReference) => `${r.name} (${r.version !== undefined ? `version ${r.version}` : `label ${r.label}`})`;

/**
 * `prompt` (a text, or chat messages) with every reference replaced by the text it names, read with
 * `versionsOf`; `path` holds the names being resolved above this one (a cycle is refused).
 */
export async function resolveReferences(
  prompt: unknown,
  versionsOf: (name: string) => Promise<PromptVersion[]>,
  path: string[],
): Promise<unknown> {
  const resolveText = async (text: string): Promise<string> => {
    const refs = referencesIn(text);
    if (refs.length === 0) return text;
    if (path.length > MAX_DEPTH) throw new UnresolvableReference(`prompt references nest deeper than ${MAX_DEPTH} levels (${path.join(' → ')})`, false);
    const texts = new Map<string, string>();
    for (const ref of refs) {
      if (path.includes(ref.name)) throw new UnresolvableReference(`prompt references form a cycle: ${[...path, ref.name].join(' → ')}`, false);
      const target = pickVersion(await versionsOf(ref.name), ref);
      if (!target) throw new UnresolvableReference(`referenced prompt ${describe(ref)} not found`, true);
      if (target.type !== 'text') throw new UnresolvableReference(`referenced prompt ${describe(ref)} is a chat prompt; only text prompts can be referenced`, false);
      texts.set(keyOf(ref), (await resolveReferences(target.prompt, versionsOf, [...path, ref.name])) as string);
    }
    return text.replace(REFERENCE, (_m, name: string, kind: string, value: string) => texts.get(keyOf(kind === 'version' ? { name, version: Number(value) } : { name, label: value }))!);
  };
  if (typeof prompt === 'string') return resolveText(prompt);
  if (!Array.isArray(prompt)) return prompt;
  return Promise.all(
    prompt.map(async (m: { content?: unknown }) => (typeof m?.content === 'string' ? { ...m, content: await resolveText(m.content) } : m)),
  );
}
