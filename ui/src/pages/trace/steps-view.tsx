// Agent step debugger: steps in execution order, prev/next (j/k, arrows), inputs beside outputs, tool graph, totals.

import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Step, StepsResponse } from '../../api/types.js';
import { apiUrl } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';
import { Badge, Empty, ErrorBox, KeyValues, Loading } from '../../components/common.js';
import { Messages } from '../../components/chat.js';
import { hasToolCallParts } from '../../lib/messages.js';
import { clampStep, runningTotals } from '../../lib/steps.js';
import { formatCost, formatDuration, formatInt } from '../../lib/format.js';
import { prettyValue } from '../../lib/json.js';
import { navigate } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { ToolGraph } from './tool-graph.js';

const isError = (status: Step['status']) => status === 'ERROR';

const isTyping = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

export function StepsView({ traceId, search }: { traceId: string; search: string }) {
  const { data, error, loading, reload } = useApi<StepsResponse>(apiUrl(`/api/v1/traces/${encodeURIComponent(traceId)}/steps`));
  const steps = data?.steps ?? [];
  const index = clampStep(new URLSearchParams(search).get('step'), steps.length);
  const totals = useMemo(() => runningTotals(steps), [steps]);
  // Key presses can arrive faster than re-renders: step from the latest requested index, not the rendered one.
  const current = useRef(index);
  current.current = index;
  const go = (i: number) => {
    const next = Math.min(Math.max(i, 0), Math.max(steps.length - 1, 0));
    current.current = next;
    navigate(paths.steps(traceId, next), { replace: true });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === 'j' || e.key === 'ArrowDown' || e.key === 'ArrowRight') {
        e.preventDefault();
        go(current.current + 1);
      } else if (e.key === 'k' || e.key === 'ArrowUp' || e.key === 'ArrowLeft') {
        e.preventDefault();
        go(current.current - 1);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  if (error) return <ErrorBox message={error} onRetry={reload} />;
  if (loading && !data) return <Loading label="Loading steps…" />;
  if (steps.length === 0) return <Empty>This trace has no agent steps.</Empty>;
  const step = steps[index];
  const total = totals[index];
  return (
    <div class="steps" data-testid="steps-view">
      <ol class="step-list" aria-label="Steps in execution order">
        {steps.map((s, i) => (
          <li key={s.spanId}>
            {/* Chain steps (framework plumbing: LangChain runnables, LangGraph nodes) are dimmed, so the model and tool calls stand out. */}
            <button type="button" class={`step-item${i === index ? ' active' : ''}${s.type === 'chain' ? ' chain' : ''}`} data-testid="step-item" aria-current={i === index ? 'step' : undefined} onClick={() => go(i)}>
              <span class="step-num">{i + 1}</span>
              <span class={`type-dot type-${s.type}`} />
              <span class="step-name">{s.toolName ?? s.name}</span>
              {isError(s.status) && <span class="badge badge-error">error</span>}
              <span class="muted step-dur">{formatDuration(s.durationMs)}</span>
            </button>
          </li>
        ))}
      </ol>
      <div class="step-main">
        <div class="step-nav">
          <button type="button" class="btn" data-testid="step-prev" disabled={index === 0} onClick={() => go(index - 1)}>
            ← Prev
          </button>
          <span data-testid="step-position">
            Step {index + 1} of {steps.length}
          </span>
          <button type="button" class="btn" data-testid="step-next" disabled={index === steps.length - 1} onClick={() => go(index + 1)}>
            Next →
          </button>
          <span class="muted keys">
            <kbd>j</kbd>/<kbd>k</kbd> or arrow keys
          </span>
        </div>
        <div class="step-detail" data-testid="step-detail">
          <h2>
            <Badge kind={`type-${step.type}`}>{step.type}</Badge> {step.name} {isError(step.status) && <Badge kind="error">error</Badge>}
          </h2>
          <div class="step-metrics">
            <KeyValues
              items={[
                ['Model', step.model],
                ['Agent', step.agentName],
                ['Tool', step.toolName],
                ['Tokens in / out', step.inputTokens !== null || step.outputTokens !== null ? `${formatInt(step.inputTokens)} / ${formatInt(step.outputTokens)}` : null],
                ['Cost', step.costUsd !== null ? formatCost(step.costUsd) : step.type === 'llm' ? 'unpriced' : null],
                ['Latency', formatDuration(step.durationMs)],
              ]}
            />
            <div class="totals" data-testid="running-totals">
              <div class="totals-title">Running totals</div>
              <KeyValues
                items={[
                  ['Tokens in / out', `${formatInt(total.inputTokens)} / ${formatInt(total.outputTokens)}`],
                  ['Cost', `${formatCost(total.costUsd)}${total.costIncomplete ? ' + unpriced' : ''}`],
                  ['Latency (sum)', formatDuration(total.latencyMs)],
                ]}
              />
            </div>
          </div>
          <div class="side-by-side">
            <div>
              <h3>Input</h3>
              <StepInput step={step} />
            </div>
            <div>
              <h3>Output</h3>
              <StepOutput step={step} />
            </div>
          </div>
        </div>
        <h3>Tool-call graph</h3>
        <ToolGraph steps={steps} edges={data?.edges ?? []} selected={step.spanId} onSelect={(id) => go(steps.findIndex((s) => s.spanId === id))} />
      </div>
    </div>
  );
}

function StepInput({ step }: { step: Step }) {
  if (step.type === 'tool') return <pre class="json">{prettyValue(step.toolArguments) || '(no arguments recorded)'}</pre>;
  return <Messages messages={step.inputMessages} emptyText="No input recorded." />;
}

function StepOutput({ step }: { step: Step }) {
  if (step.type === 'tool') return <pre class="json">{prettyValue(step.toolResult) || '(no result recorded)'}</pre>;
  return (
    <>
      <Messages messages={step.outputMessages} emptyText="No output recorded." />
      {/* The output bubbles already show tool calls when content was captured; list them only otherwise. */}
      {step.requestedToolCalls.length > 0 && !hasToolCallParts(step.outputMessages) && (
        <div class="requested">
          <h4>Requested tool calls</h4>
          {step.requestedToolCalls.map((c, i) => (
            <div key={c.id ?? i} class="part-tool">
              <div class="part-label">
                <code>{c.name ?? '(unnamed tool)'}</code>
                {c.id && <span class="muted"> · {c.id}</span>}
              </div>
              <pre class="json">{prettyValue(c.arguments)}</pre>
            </div>
          ))}
        </div>
      )}
    </>
  );
}
