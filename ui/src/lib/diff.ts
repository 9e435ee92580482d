// Longest-common-subsequence diff over lines or words, for the compare page.

export type DiffOp = 'equal' | 'insert' | 'delete';

export interface DiffChunk {
  op: DiffOp;
  /** The tokens of this chunk joined back together (lines keep no trailing newline). */
  tokens: string[];
}

/** Above this many LCS cells the middle is shown as one delete + one insert instead (keeps the page responsive). */
export const MAX_LCS_CELLS = 4_000_000;

function push(chunks: DiffChunk[], op: DiffOp, token: string) {
  const last = chunks[chunks.length - 1];
  if (last && last.op === op) last.tokens.push(token);
  else chunks.push({ op, tokens: [token] });
}

/** Diff two token sequences. Common prefix/suffix are trimmed first so typical prompt edits cost little. */
export function diffTokens(a: readonly string[], b: readonly string[]): DiffChunk[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;

  const chunks: DiffChunk[] = [];
  for (let i = 0; i < prefix; i++) push(chunks, 'equal', a[i]);

  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_LCS_CELLS) {
    midA.forEach((t) => push(chunks, 'delete', t));
    midB.forEach((t) => push(chunks, 'insert', t));
  } else if (n > 0 || m > 0) {
    // lcs[i][j] = LCS length of midA[i..] and midB[j..], stored flat.
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] =
          midA[i] === midB[j]
            ? lcs[(i + 1) * width + j + 1] + 1
            : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        push(chunks, 'equal', midA[i]);
        i++;
        j++;
      } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
        push(chunks, 'delete', midA[i++]);
      } else {
        push(chunks, 'insert', midB[j++]);
      }
    }
    while (i < n) push(chunks, 'delete', midA[i++]);
    while (j < m) push(chunks, 'insert', midB[j++]);
  }

  for (let i = a.length - suffix; i < a.length; i++) push(chunks, 'equal', a[i]);
  return chunks;
}

export function splitLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\r\n/g, '\n').split('\n');
}

/** Words and the whitespace between them are separate tokens, so joining tokens restores the text exactly. */
export function splitWords(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

export const diffLines = (a: string, b: string) => diffTokens(splitLines(a), splitLines(b));
export const diffWords = (a: string, b: string) => diffTokens(splitWords(a), splitWords(b));

export interface DiffStats {
  added: number;
  removed: number;
  unchanged: number;
}

export function diffStats(chunks: DiffChunk[]): DiffStats {
  const stats: DiffStats = { added: 0, removed: 0, unchanged: 0 };
  for (const c of chunks) {
    if (c.op === 'insert') stats.added += c.tokens.length;
    else if (c.op === 'delete') stats.removed += c.tokens.length;
    else stats.unchanged += c.tokens.length;
  }
  return stats;
}
