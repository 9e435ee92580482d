// Deterministic "model output" for the stub LLM server: same request → same answer, tokens and ids.

export type Json = Record<string, unknown>;

/** FNV-1a: a stable, fast hash so ids and choices repeat across runs. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function stubId(prefix: string, seed: string): string {
  return `${prefix}${hashString(seed).toString(36)}${hashString(seed + '#').toString(36)}`;
}

/** Roughly four characters a token, like English text through a BPE tokenizer. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

const OPENERS = [
  'Here is what I found',
  'Short answer',
  'Based on the information available',
  'Looking at this carefully',
  'In summary',
];
const CLOSERS = [
  'Let me know if you want more detail.',
  'I can expand on any of these points.',
  'This should be enough to move forward.',
  'Happy to refine this further.',
];

/** A plausible answer that quotes the question (and tool results, when there are any). */
export function answerText(prompt: string, toolResults: string[] = []): string {
  const h = hashString(prompt + toolResults.join('|'));
  const topic = prompt.replace(/\s+/g, ' ').trim().slice(0, 80) || 'your request';
  const evidence = toolResults.length
    ? ` Using the tool results (${toolResults.map((r) => r.slice(0, 60)).join('; ')}), the answer is clear.`
    : '';
  return `${OPENERS[h % OPENERS.length]}: regarding "${topic}", the key points are consistency, cost and latency.${evidence} ${CLOSERS[(h >>> 8) % CLOSERS.length]}`;
}

/** Arguments for a tool call that satisfy the tool's JSON schema with values derived from the prompt. */
export function toolArguments(schema: unknown, prompt: string): Json {
  const props = ((schema as Json | undefined)?.properties ?? {}) as Record<string, Json>;
  const args: Json = {};
  const words = prompt.split(/\W+/).filter((w) => w.length > 3);
  let i = 0;
  for (const [name, prop] of Object.entries(props)) {
    const type = prop?.type;
    if (Array.isArray(prop?.enum) && prop.enum.length) args[name] = prop.enum[0];
    else if (type === 'number' || type === 'integer') args[name] = (hashString(prompt + name) % 100) + 1;
    else if (type === 'boolean') args[name] = true;
    else if (type === 'array') args[name] = words.slice(0, 2);
    else args[name] = words[i++ % Math.max(1, words.length)] ?? name;
  }
  return args;
}

/** Splits text into small stream chunks (a few words each). */
export function chunkText(text: string, wordsPerChunk = 3): string[] {
  const words = text.split(/(?<= )/);
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) chunks.push(words.slice(i, i + wordsPerChunk).join(''));
  return chunks;
}

/** Deterministic unit vector of `dimensions` floats for an embedding input. */
export function embeddingVector(input: string, dimensions: number): number[] {
  let h = hashString(input);
  const v: number[] = [];
  for (let i = 0; i < dimensions; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    v.push((h / 0xffffffff) * 2 - 1);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
