// Compare two LLM spans: model/parameter/token/cost differences and diffs of instructions, inputs, outputs.

import { useState } from 'preact/hooks';
import type { Span, TraceDetail } from '../../api/types.js';
import { apiUrl } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';
import { ErrorBox, Loading } from '../../components/common.js';
import { DiffView, type DiffMode } from '../../components/diff-view.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { compareFacts, type Fact } from '../../lib/span-facts.js';
import { messagesToText, promptTexts } from '../../lib/messages.js';
import { Link, setQuery } from '../../lib/router.js';
import { formatSpanRef, parseSpanRef, paths, type SpanRef } from '../../lib/routes.js';
import { pendingCompare } from '../../lib/compare-pick.js';

function useSpan(ref: SpanRef | null): { span: Span | null; error: string | null; loading: boolean } {
  const { data, error, loading } = useApi<TraceDetail>(ref ? apiUrl(`/api/v1/traces/${encodeURIComponent(ref.traceId)}`) : null);
  if (!ref) return { span: null, error: null, loading: false };
  const span = data?.spans?.find((s) => s.spanId === ref.spanId) ?? null;
  const missing = data && !span ? `Span ${ref.spanId} is not in trace ${ref.traceId}.` : null;
  return { span, error: error ?? missing, loading };
}

export function ComparePage({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const refA = parseSpanRef(params.get('a'));
  const refB = parseSpanRef(params.get('b'));
  const a = useSpan(refA);
  const b = useSpan(refB);
  const [mode, setMode] = useState<DiffMode>('lines');
  const pending = pendingCompare();

  return (
    <section class="page" aria-labelledby="compare-title">
      <div class="page-head">
        <h1 id="compare-title">Compare LLM calls</h1>
      </div>
      <form
        class="filter-bar"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.target as HTMLFormElement);
          const next = new URLSearchParams();
          for (const k of ['a', 'b']) {
            const v = String(form.get(k) ?? '').trim();
            if (v) next.set(k, v);
          }
          setQuery(next);
        }}
      >
        <div class="filter-row">
          <label class="field grow">
            <span>A (traceId:spanId)</span>
            <input class="input" name="a" data-testid="compare-a" defaultValue={params.get('a') ?? (pending ? formatSpanRef(pending) : '')} key={`a-${params.get('a')}`} />
          </label>
          <label class="field grow">
            <span>B (traceId:spanId)</span>
            <input class="input" name="b" data-testid="compare-b" defaultValue={params.get('b') ?? ''} key={`b-${params.get('b')}`} />
          </label>
          <button type="button" class="btn" onClick={() => setQuery(new URLSearchParams({ ...(refB ? { a: formatSpanRef(refB) } : {}), ...(refA ? { b: formatSpanRef(refA) } : {}) }))}>
            Swap
          </button>
          <button type="submit" class="btn primary">
            Compare
          </button>
        </div>
      </form>
      {(!refA || !refB) && (
        <p class="empty">
          Pick two LLM spans: open a trace, select an LLM span and press <strong>Compare…</strong>, then do the same on a second span. Or paste two <code>traceId:spanId</code> references above.
        </p>
      )}
      {a.error && <ErrorBox message={`A: ${a.error}`} />}
      {b.error && <ErrorBox message={`B: ${b.error}`} />}
      {(a.loading || b.loading) && <Loading />}
      {a.span && b.span && <Comparison a={a.span} b={b.span} mode={mode} setMode={setMode} />}
    </section>
  );
}

/** A field's label, then its value on each span; each span's header links to it. */
const factColumns = (a: Span, b: Span): Column<Fact>[] => [
  { header: 'Field', rowHeader: true, cell: (f) => f.label },
  { header: <>A · <Link href={paths.trace(a.traceId, a.spanId)}>{a.name}</Link></>, cell: (f) => f.a },
  { header: <>B · <Link href={paths.trace(b.traceId, b.spanId)}>{b.name}</Link></>, cell: (f) => f.b },
];

function Comparison({ a, b, mode, setMode }: { a: Span; b: Span; mode: DiffMode; setMode: (m: DiffMode) => void }) {
  const facts = compareFacts(a, b);
  const ga = a.genAi;
  const gb = b.genAi;
  const promptA = promptTexts(ga);
  const promptB = promptTexts(gb);
  return (
    <div class="comparison" data-testid="comparison">
      <DataTable columns={factColumns(a, b)} rows={facts} rowKey={(f) => f.label} caption="Differences" titled testid="compare-facts" class="compact facts" frame={null} rowAttrs={(f) => ({ class: f.changed ? 'changed' : undefined })} />
      <div class="segmented" role="group" aria-label="Diff granularity">
        {(['lines', 'words'] as const).map((m) => (
          <button key={m} type="button" class={`btn${mode === m ? ' active' : ''}`} aria-pressed={mode === m} data-testid={`diff-mode-${m}`} onClick={() => setMode(m)}>
            {m === 'lines' ? 'Line diff' : 'Word diff'}
          </button>
        ))}
      </div>
      <h2>System instructions</h2>
      <DiffView testid="diff-system" mode={mode} a={promptA.system} b={promptB.system} />
      <h2>Input messages</h2>
      <DiffView testid="diff-input" mode={mode} a={promptA.input} b={promptB.input} />
      <h2>Output</h2>
      <DiffView testid="diff-output" mode={mode} a={messagesToText(ga?.outputMessages)} b={messagesToText(gb?.outputMessages)} />
    </div>
  );
}
