// History API routing: one location signal, `navigate()` to change it, <Link> for in-app anchors.

import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface Loc {
  pathname: string;
  search: string;
}

const listeners = new Set<() => void>();
const current = (): Loc => ({ pathname: location.pathname, search: location.search });

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const target = new URL(to, location.href);
  if (target.pathname + target.search === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

/** Replaces the query string of the current path, keeping back/forward usable for deliberate changes. */
export function setQuery(params: URLSearchParams | string, opts: { replace?: boolean } = {}): void {
  const s = String(params);
  navigate(`${location.pathname}${s ? `?${s}` : ''}`, opts);
}

export function useLocation(): Loc {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return loc;
}

/** href plus any anchor attribute (class, aria-*, data-testid…). */
interface LinkProps {
  href: string;
  children?: ComponentChildren;
  onClick?: (e: MouseEvent) => void;
  [attribute: string]: unknown;
}

/** An anchor that navigates in-app on a plain click and behaves natively with modifier keys. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  return (
    <a
      href={href}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
      {...(rest as Record<string, string>)}
    />
  );
}

/** Sets (or, when empty, removes) query-string keys of the current page. */
export function updateQuery(search: string, changes: Record<string, string>): void {
  const next = new URLSearchParams(search);
  for (const [k, v] of Object.entries(changes)) v ? next.set(k, v) : next.delete(k);
  setQuery(next);
}
