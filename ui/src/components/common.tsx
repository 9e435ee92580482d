// Small shared building blocks: error and loading states, copy buttons, tabs, key/value grids.

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Link } from '../lib/router.js';

export function ErrorBox({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div class="error-box" role="alert" data-testid="error">
      <strong>Something went wrong.</strong> <span>{message}</span>
      {onRetry && (
        <button type="button" class="btn small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** A form's refusal (the server's message, or what the form found wrong), shown under it; nothing without one. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div class="error-box" role="alert">
      {message}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="loading" role="status" aria-live="polite">
      {label}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="empty">{children}</div>;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context; fall back to a hidden textarea.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

export function CopyButton({ text, label, testid }: { text: string; label: string; testid?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      class="btn small"
      data-testid={testid}
      title={`Copy ${text}`}
      onClick={async () => {
        setState((await copyText(text)) ? 'copied' : 'failed');
        setTimeout(() => setState('idle'), 1500);
      }}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}

export interface TabDef {
  id: string;
  label: string;
  href: string;
}

export function Tabs({ tabs, active }: { tabs: TabDef[]; active: string }) {
  return (
    <nav class="tabs" aria-label="Views">
      {tabs.map((t) => (
        <Link key={t.id} href={t.href} class={t.id === active ? 'tab active' : 'tab'} aria-current={t.id === active ? 'page' : undefined} data-testid={`tab-${t.id}`}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}

export function KeyValues({ items }: { items: Array<[string, ComponentChildren]> }) {
  const shown = items.filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (shown.length === 0) return null;
  return (
    <dl class="kv">
      {shown.map(([k, v]) => (
        <div class="kv-row" key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Badge({ kind, children }: { kind: string; children: ComponentChildren }) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}

export function Section({ title, children, open = true, testid }: { title: string; children: ComponentChildren; open?: boolean; testid?: string }) {
  return (
    <details class="section" open={open} data-testid={testid}>
      <summary>{title}</summary>
      <div class="section-body">{children}</div>
    </details>
  );
}

/** The "Load more" button under a cursor-paged list, while more pages follow. */
export function LoadMore({ hasMore, onLoad }: { hasMore: boolean; onLoad: () => void }) {
  if (!hasMore) return null;
  return (
    <div class="center">
      <button type="button" class="btn" onClick={onLoad}>
        Load more
      </button>
    </div>
  );
}

/** What a list shows besides its rows: load errors (of a later page too, when paged), the first load, or why it is empty. */
export function ListStatus({ list, loadingLabel, empty }: { list: { data: unknown; error: string | null; loading: boolean; reload: () => void; rows: readonly unknown[]; moreError?: string | null }; loadingLabel: string; empty: ComponentChildren }) {
  return (
    <>
      {list.error && <ErrorBox message={list.error} onRetry={list.reload} />}
      {list.moreError && <ErrorBox message={list.moreError} />}
      {list.loading && !list.data && <Loading label={loadingLabel} />}
      {list.data && list.rows.length === 0 && <Empty>{empty}</Empty>}
    </>
  );
}
