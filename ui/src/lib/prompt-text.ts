// A prompt version as text, for showing and diffing: a text prompt as it is, a chat prompt one block per
// message ("role:" then its content; a placeholder as {{name}} on its own line).

export interface PromptMessage {
  type?: string;
  role?: string;
  content?: string;
  name?: string;
}

export function promptText(prompt: string | PromptMessage[] | unknown): string {
  if (typeof prompt === 'string') return prompt;
  if (!Array.isArray(prompt)) return JSON.stringify(prompt, null, 2) ?? '';
  return (prompt as PromptMessage[])
    .map((m) => (m.type === 'placeholder' ? `[placeholder: ${m.name ?? '?'}]` : `${m.role ?? '?'}:\n${m.content ?? ''}`))
    .join('\n\n');
}


/** The span attribute Langfuse's SDKs name a generation's prompt with (and its version beside it). */
export const PROMPT_NAME_ATTRIBUTE = 'langfuse.observation.prompt.name';

/** The prompt a span says it was made from, if any. */
export function promptOfSpan(attributes: Record<string, unknown> | undefined): { name: string; version: number | undefined } | null {
  const name = attributes?.[PROMPT_NAME_ATTRIBUTE];
  if (typeof name !== 'string' || name === '') return null;
  const version = Number(attributes?.['langfuse.observation.prompt.version']);
  return { name, version: Number.isInteger(version) && version > 0 ? version : undefined };
}

/**
 * The body of a new version made from `base` in the UI's form (its text; a chat prompt's messages as JSON; labels
 * comma-separated), or a message naming what is wrong.
 */
export function newVersionBody(
  base: { name: string; type: 'text' | 'chat'; config?: unknown },
  text: string,
  labels: string,
  commitMessage: string,
): Record<string, unknown> | string {
  let prompt: unknown = text;
  if (base.type === 'chat') {
    try {
      prompt = JSON.parse(text);
    } catch {
      return 'A chat prompt is its messages as JSON: [{"role": "system", "content": "…"}, …].';
    }
  }
  const labelList = labels.split(',').map((l) => l.trim()).filter(Boolean);
  return { name: base.name, type: base.type, prompt, config: base.config ?? {}, labels: labelList, ...(commitMessage.trim() && { commitMessage: commitMessage.trim() }) };
}
