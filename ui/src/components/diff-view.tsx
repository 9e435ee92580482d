// Renders a line or word diff of two texts with +/- markers and a summary.

import { useMemo } from 'preact/hooks';
import { diffLines, diffStats, diffWords } from '../lib/diff.js';

export type DiffMode = 'lines' | 'words';

export function DiffView({ a, b, mode, testid }: { a: string; b: string; mode: DiffMode; testid: string }) {
  const chunks = useMemo(() => (mode === 'lines' ? diffLines(a, b) : diffWords(a, b)), [a, b, mode]);
  const stats = diffStats(chunks);
  if (!a && !b) return <div class="muted">Neither span recorded this.</div>;
  const same = stats.added === 0 && stats.removed === 0;
  return (
    <div class="diff" data-testid={testid}>
      <div class="diff-stats muted">
        {same ? 'Identical' : `${stats.removed} ${mode === 'lines' ? 'line' : 'word'}${stats.removed === 1 ? '' : 's'} removed, ${stats.added} added`}
      </div>
      {mode === 'lines' ? (
        <pre class="diff-body">
          {chunks.flatMap((c, i) =>
            c.tokens.map((line, j) => (
              <div key={`${i}-${j}`} class={`diff-line ${c.op}`}>
                <span class="diff-mark" aria-label={c.op === 'insert' ? 'added' : c.op === 'delete' ? 'removed' : undefined}>
                  {c.op === 'insert' ? '+' : c.op === 'delete' ? '-' : ' '}
                </span>
                {line || ' '}
              </div>
            )),
          )}
        </pre>
      ) : (
        <pre class="diff-body words">
          {chunks.map((c, i) =>
            c.op === 'equal' ? (
              <span key={i}>{c.tokens.join('')}</span>
            ) : c.op === 'insert' ? (
              <ins key={i}>{c.tokens.join('')}</ins>
            ) : (
              <del key={i}>{c.tokens.join('')}</del>
            ),
          )}
        </pre>
      )}
    </div>
  );
}
