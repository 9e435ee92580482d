import { ApiError } from '../routes/errors.js';
import { LATEST, type NewPromptVersion } from './prompt-store.js';

const MAX_NAME_LENGTH = 256;
const MAX_MESSAGES = 1000;
const MAX_LABELS = 50;
/** Langfuse's rule: lowercase letters, digits, `_`, `-` and `.`. */
const LABEL = /^[a-z0-9_.-]{1,64}$/;
const TAG = /^[^\u0000-\u001f]{1,128}$/;

const bad = (field: string, why: string) => new ApiError(400, `field ${field}: ${why}`);

/** A prompt name from a path or body: Langfuse allows `/` (folders), not control characters. */
export function promptName(raw: unknown, field = 'name'): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw bad(field, 'expected a non-empty string');
  if (raw.length > MAX_NAME_LENGTH) throw bad(field, `at most ${MAX_NAME_LENGTH} characters`);
  if (/[\u0000-\u001f]/.test(raw)) throw bad(field, 'control characters are not allowed');
  return raw;
}

/** Deployment labels; "latest" belongs to the newest version and cannot be given. */
export function promptLabels(raw: unknown, field: string): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > MAX_LABELS) throw bad(field, `expected a list of at most ${MAX_LABELS} labels`);
  for (const l of raw) {
    if (typeof l !== 'string' || !LABEL.test(l)) throw bad(field, `"${String(l).slice(0, 64)}" is not a label (lowercase letters, digits, _ - .; at most 64)`);
    if (l === LATEST) throw bad(field, 'the label "latest" is always on the newest version and cannot be set');
  }
  return [...new Set(raw as string[])];
}

function promptTags(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || raw.length > MAX_LABELS || !raw.every((t) => typeof t === 'string' && TAG.test(t))) {
    throw bad('tags', `expected a list of at most ${MAX_LABELS} tags of 1 to 128 characters`);
  }
  return [...new Set(raw as string[])];
}

/** A chat prompt's messages: `{role, content}` (type chatmessage) or `{type: "placeholder", name}`. */
function chatMessages(raw: unknown): unknown[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_MESSAGES) throw bad('prompt', `a chat prompt is a list of 1 to ${MAX_MESSAGES} messages`);
  return raw.map((m, i) => {
    const msg = (m ?? {}) as Record<string, unknown>;
    if (msg.type === 'placeholder') {
      if (typeof msg.name !== 'string' || msg.name === '') throw bad(`prompt[${i}].name`, 'a placeholder needs a name');
      return { type: 'placeholder', name: msg.name };
    }
    if (msg.type !== undefined && msg.type !== 'chatmessage') throw bad(`prompt[${i}].type`, 'expected chatmessage or placeholder');
    if (typeof msg.role !== 'string' || msg.role === '') throw bad(`prompt[${i}].role`, 'expected a non-empty string');
    if (typeof msg.content !== 'string') throw bad(`prompt[${i}].content`, 'expected a string');
    return { type: 'chatmessage', role: msg.role, content: msg.content };
  });
}

/** The body of `POST /api/public/v2/prompts` (Langfuse's CreatePromptRequest), checked field by field. */
export function newPromptVersion(body: unknown): NewPromptVersion {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'the body must be a JSON object');
  const b = body as Record<string, unknown>;
  const type = b.type ?? 'text';
  if (type !== 'text' && type !== 'chat') throw bad('type', 'expected text or chat');
  if (type === 'text' && typeof b.prompt !== 'string') throw bad('prompt', 'a text prompt is a string');
  if (b.commitMessage !== undefined && b.commitMessage !== null && typeof b.commitMessage !== 'string') throw bad('commitMessage', 'expected a string');
  return {
    name: promptName(b.name),
    type,
    prompt: type === 'chat' ? chatMessages(b.prompt) : b.prompt,
    config: b.config ?? {},
    labels: promptLabels(b.labels, 'labels'),
    tags: promptTags(b.tags),
    commitMessage: typeof b.commitMessage === 'string' ? b.commitMessage : '',
  };
}
