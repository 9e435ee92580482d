// Detail panel for the selected span: LLM facts and chat, tool I/O, attributes, events, resource, diagnostics.

import { useState } from 'preact/hooks';
import type { GenAi, Span } from '../../api/types.js';

type Evaluation = Span['evaluations'][number];
import { AttributesTable } from '../../components/attributes.js';
import { Chat } from '../../components/chat.js';
import { Badge, CopyButton, KeyValues, Section } from '../../components/common.js';
import { ConfirmAction } from '../../components/confirm-action.js';
import { DataTable, srOnly, type Column } from '../../components/data-table.js';
import { formatCost, formatDuration, formatInt, formatTimestamp, nanoToMs } from '../../lib/format.js';
import { chatItems } from '../../lib/messages.js';
import { prettyValue } from '../../lib/json.js';
import { Link, navigate } from '../../lib/router.js';
import { promptOfSpan } from '../../lib/prompt-text.js';
import { formatSpanRef, paths } from '../../lib/routes.js';
import { pendingCompare, setPendingCompare } from '../../lib/compare-pick.js';
import { apiDelete } from '../../api/client.js';
import { spanItemBody } from '../../lib/dataset-item.js';
import { draftFromSpan, stashDraft, stashedDraft } from '../../lib/playground.js';
import { projectModelOf } from '../../lib/model-prices.js';
import { shownLabel } from '../../lib/score-config.js';
import { AddToDatasetForm } from './add-to-dataset.js';
import { TextWithMedia } from '../../components/media.js';
import { ScoreForm } from '../../components/score-form.js';
import { Comments } from '../../components/comments.js';

export interface SpanPanelProps {
  span: Span;
  onClose: () => void;
  onZoom: () => void;
  /** A score was added to the span: reload what shows it. */
  onScored: () => void;
}

export function SpanPanel({ span, onClose, onZoom, onScored }: SpanPanelProps) {
  const g = span.genAi;
  const type = g?.stepType ?? 'other';
  const error = span.status?.code === 'ERROR';
  const item = spanItemBody(span);
  const [adding, setAdding] = useState(false);
  return (
    <aside class="span-panel" data-testid="span-panel" aria-label={`Span ${span.name}`}>
      <header class="panel-head">
        <div>
          <h2 class="panel-title">{span.name}</h2>
          <div class="badges">
            <Badge kind={`type-${type}`}>{type}</Badge>
            {error ? <Badge kind="error">error</Badge> : <Badge kind="ok">{span.status?.code === 'OK' ? 'ok' : 'unset'}</Badge>}
            <span class="muted">{formatDuration(span.durationMs)}</span>
          </div>
        </div>
        <button type="button" class="btn small" aria-label="Close span details" onClick={onClose}>
          ✕
        </button>
      </header>
      <div class="panel-actions">
        <CopyButton text={span.traceId} label="Copy trace id" testid="copy-trace-id" />
        <CopyButton text={span.spanId} label="Copy span id" testid="copy-span-id" />
        <button type="button" class="btn small" data-testid="zoom-span" onClick={onZoom}>
          Zoom to span
        </button>
        {type === 'llm' && <CompareButton span={span} />}
        {type === 'llm' && g && (
          <button type="button" class="btn small" data-testid="open-in-playground" onClick={() => openInPlayground(span, g)}>
            Open in playground
          </button>
        )}
        {item && (
          <button type="button" class="btn small" data-testid="add-to-dataset" aria-expanded={adding} onClick={() => setAdding(!adding)}>
            Add to dataset…
          </button>
        )}
      </div>
      {adding && item && <AddToDatasetForm key={span.spanId} item={item} />}
      {error && span.status?.message && (
        <div class="error-box" role="note">
          {span.status.message}
        </div>
      )}
      <Section title="Overview">
        <KeyValues
          items={[
            ['Service', span.serviceName],
            ['Kind', span.kind],
            ['Start', formatTimestamp(nanoToMs(span.startTimeUnixNano))],
            ['Duration', formatDuration(span.durationMs)],
            ['Span id', <code>{span.spanId}</code>],
            ['Parent', span.parentSpanId ? <code>{span.parentSpanId}</code> : 'root'],
            ['Orphan', span.orphan ? 'yes (parent not received)' : null],
          ]}
        />
      </Section>
      {g && <GenAiSections g={g} prompt={promptOfSpan(span.attributes)} />}
      <Section title={`Evaluations (${span.evaluations?.length ?? 0})`} open={(span.evaluations?.length ?? 0) > 0} testid="span-evaluations">
        {(span.evaluations ?? []).length > 0 ? <EvaluationsTable span={span} onChanged={onScored} /> : <div class="muted">No scores yet.</div>}
        <ScoreForm key={span.spanId} target={{ traceId: span.traceId, spanId: span.spanId }} onScored={onScored} />
      </Section>
      <Comments key={span.spanId} objectType="OBSERVATION" objectId={span.spanId} />
      <Section title={`Attributes (${Object.keys(span.attributes ?? {}).length})`} testid="span-attributes">
        <AttributesTable attributes={span.attributes} label="Attributes" />
      </Section>
      <Section title={`Events (${span.events?.length ?? 0})`} open={(span.events?.length ?? 0) > 0}>
        {(span.events ?? []).length === 0 ? (
          <div class="muted">No events.</div>
        ) : (
          <ol class="events">
            {span.events.map((ev, i) => (
              <li key={i}>
                <div>
                  <strong>{ev.name}</strong> <span class="muted">+{formatDuration(nanoToMs(ev.timeUnixNano) - nanoToMs(span.startTimeUnixNano))}</span>
                </div>
                <AttributesTable attributes={ev.attributes} searchable={false} label="Event attributes" />
              </li>
            ))}
          </ol>
        )}
      </Section>
      <Section title="Resource" open={false}>
        <AttributesTable attributes={span.resourceAttributes} label="Resource attributes" />
      </Section>
      {g?.diagnostics && (
        <Section title="GenAI diagnostics" open={false} testid="diagnostics">
          <KeyValues
            items={[
              ['Conventions', (g.diagnostics.conventions ?? []).join(', ') || 'none detected'],
              ['Mapped', (g.diagnostics.mapped ?? []).join(', ')],
              ['Unmapped', (g.diagnostics.unmapped ?? []).join(', ')],
            ]}
          />
          {(g.diagnostics.notes ?? []).length > 0 && (
            <ul class="notes">
              {g.diagnostics.notes!.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          )}
        </Section>
      )}
    </aside>
  );
}

/**
 * Scores of this operation (an LLM judge's, a user's), as `gen_ai.evaluation.result` events carry them. A score given
 * through WatchLLM (it has an id) can be withdrawn, after a second click that confirms.
 */
function EvaluationsTable({ span, onChanged }: { span: Span; onChanged: () => void }) {
  const columns: Column<Evaluation>[] = [
    { header: 'Evaluation', cell: (e) => e.name },
    { header: 'Score', numeric: true, cell: (e) => e.score ?? '—' },
    { header: 'Label', cell: (e) => shownLabel(e) ?? '—' },
    { header: 'Explanation', cell: (e) => (e.errorType ? <span class="badge badge-error">{e.errorType}</span> : (e.explanation ?? '')) },
    { header: 'By', cell: (e) => e.author ?? '' },
    {
      header: srOnly('Withdraw'),
      cell: (e) =>
        e.id && (
          <ConfirmAction
            label="✕"
            testid="withdraw"
            title={`Withdraw the ${e.name} score`}
            confirm="Withdraw"
            run={() => apiDelete(`/api/v1/evaluations/${e.id}?traceId=${span.traceId}`).then(onChanged)}
          />
        ),
    },
  ];
  return <DataTable columns={columns} rows={span.evaluations} rowKey={(e, i) => e.id ?? i} caption="Evaluation results" class="compact" frame={null} />;
}

/** The normalizer's notes on token counts it corrected (a source counting input without its cache, output without thoughts). */
function tokenCorrections(g: GenAi): string {
  return (g.diagnostics?.notes ?? []).filter((n) => /tokens? (were|exceeded)/.test(n)).join(' ');
}

/** The span's cost and what priced it; a price from one of the project's models links to it on the Models page. */
function costOf(g: GenAi) {
  if (g.stepType !== 'llm' && g.costUsd === null) return null;
  const model = projectModelOf(g.costSource, g.priceVersion);
  const source = model ? <Link href={paths.models(model)} title="Priced by a model of this project" data-testid="span-cost-model">custom</Link> : g.costSource ?? (g.costUsd === null ? 'unpriced' : null);
  return <>{formatCost(g.costUsd)}{source && <> ({source})</>}</>;
}

function GenAiSections({ g, prompt }: { g: GenAi; prompt: ReturnType<typeof promptOfSpan> }) {
  const items = chatItems(g);
  const params = Object.entries(g.requestParameters ?? {});
  const model = g.responseModel && g.responseModel !== g.requestModel ? `${g.requestModel ?? '?'} → ${g.responseModel}` : g.requestModel ?? g.responseModel;
  return (
    <>
      <Section title="GenAI" testid="genai-summary">
        <KeyValues
          items={[
            ['Model', model],
            ['Provider', g.provider],
            ['Operation', g.operation],
            ['Agent', g.agentName],
            ['Prompt', prompt && <Link href={paths.prompt(prompt.name, prompt.version)} data-testid="span-prompt">{prompt.name}{prompt.version !== undefined && ` v${prompt.version}`}</Link>],
            ['Input tokens', g.inputTokens !== null ? formatInt(g.inputTokens) : null],
            ['Output tokens', g.outputTokens !== null ? formatInt(g.outputTokens) : null],
            ['Cached (read)', g.cacheReadTokens ? formatInt(g.cacheReadTokens) : null],
            ['Cached (write)', g.cacheWriteTokens ? formatInt(g.cacheWriteTokens) : null],
            ['Reasoning tokens', g.reasoningTokens ? formatInt(g.reasoningTokens) : null],
            // Counts differ from what the sender's attributes say when the normalizer corrected them (a library's known habit).
            ['Tokens corrected', tokenCorrections(g) || null],
            ['Cost', costOf(g)],
            ['Time to first token', g.timeToFirstChunkMs !== null && g.timeToFirstChunkMs !== undefined ? formatDuration(g.timeToFirstChunkMs) : null],
            ['Streaming', g.stream === null || g.stream === undefined ? null : g.stream ? 'yes' : 'no'],
            ['Finish reasons', (g.finishReasons ?? []).join(', ')],
            ['Error type', g.errorType],
            ['Conversation', g.conversationId],
            ['User', g.userId],
          ]}
        />
        {params.length > 0 && (
          <>
            <h3 class="sub">Parameters</h3>
            <KeyValues items={params.map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])} />
          </>
        )}
      </Section>
      {(items.length > 0 || g.stepType === 'llm') && (
        <Section title="Messages" testid="span-messages">
          <Chat items={items} />
        </Section>
      )}
      {(g.toolName || g.toolArguments !== null || g.toolResult !== null) && g.stepType === 'tool' && (
        <Section title={`Tool ${g.toolName ?? ''}`} testid="span-tool">
          <KeyValues items={[['Call id', g.toolCallId]]} />
          <h3 class="sub">Arguments</h3>
          <pre class="json"><TextWithMedia text={prettyValue(g.toolArguments) || '(none recorded)'} /></pre>
          <h3 class="sub">Result</h3>
          <pre class="json"><TextWithMedia text={prettyValue(g.toolResult) || '(none recorded)'} /></pre>
        </Section>
      )}
      {(g.toolDefinitions ?? []).length > 0 && (
        <Section title={`Tool definitions (${g.toolDefinitions!.length})`} open={false}>
          <pre class="json">{prettyValue(g.toolDefinitions)}</pre>
        </Section>
      )}
    </>
  );
}

/** The call as the playground's draft (keeping the connection picked there before), and the playground opened on it. */
function openInPlayground(span: Span, g: GenAi) {
  stashDraft({ ...draftFromSpan({ ...span, genAi: g }), connection: stashedDraft()?.connection ?? '' });
  navigate(paths.playground());
}

function CompareButton({ span }: { span: Span }) {
  const [, rerender] = useState(0);
  const pending = pendingCompare();
  const self = { traceId: span.traceId, spanId: span.spanId };
  const isPending = pending && pending.traceId === self.traceId && pending.spanId === self.spanId;
  if (pending && !isPending) {
    return (
      <>
        <button
          type="button"
          class="btn small primary"
          data-testid="compare-button"
          onClick={() => {
            setPendingCompare(null);
            navigate(paths.compare(formatSpanRef(pending), formatSpanRef(self)));
          }}
        >
          Compare with picked span
        </button>
        <button type="button" class="btn small" onClick={() => (setPendingCompare(self), rerender((n) => n + 1))}>
          Pick this instead
        </button>
      </>
    );
  }
  return (
    <button
      type="button"
      class="btn small"
      data-testid="compare-button"
      aria-pressed={!!isPending}
      onClick={() => {
        setPendingCompare(isPending ? null : self);
        rerender((n) => n + 1);
      }}
    >
      {isPending ? 'Picked for compare (click to unpick)' : 'Compare…'}
    </button>
  );
}
