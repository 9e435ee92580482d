/** Flattened indexed attributes (`prefix.N.a.b.M.c`) → an array of nested objects, numeric segments becoming arrays. */
import type { MapContext } from '../context.js';

type Nested = Record<string, unknown>;

function setPath(target: Nested, segments: string[], value: unknown): void {
  let node: Nested | unknown[] = target;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    const nextIsIndex = !last && isIndex(segments[i + 1]);
    const container = node as Record<string, unknown>;
    if (last) {
      container[seg] = value;
      return;
    }
    let child = container[seg];
    if (typeof child !== 'object' || child === null) {
      child = nextIsIndex ? [] : {};
      container[seg] = child;
    }
    node = child as Nested;
  }
}

function isIndex(s: string): boolean {
  if (s.length === 0 || s.length > 6) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Collects `prefix<N>.<path>` keys (prefix ends with '.'); marks them mapped. Holes are dropped, order is by index. */
export function collectIndexed(ctx: MapContext, prefix: string): Nested[] {
  const byIndex = new Map<number, Nested>();
  for (const key of ctx.summary.keys) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf('.');
    const head = dot < 0 ? rest : rest.slice(0, dot);
    if (!isIndex(head)) continue;
    ctx.mapped.add(key);
    const idx = Number(head);
    let item = byIndex.get(idx);
    if (!item) byIndex.set(idx, (item = {}));
    if (dot < 0) item.value = ctx.attrs[key];
    else setPath(item, rest.slice(dot + 1).split('.'), ctx.attrs[key]);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => compact(v) as Nested);
}

/** Arrays built from sparse indexes may have holes: remove them. */
function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(compact);
  if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) (v as Nested)[k] = compact((v as Nested)[k]);
  }
  return v;
}

export function hasIndexed(ctx: MapContext, prefix: string): boolean {
  // The key summary already knows whether any indexed family is present: skip the scan when none is.
  if (prefix.startsWith('llm.') ? !ctx.summary.llmIndexed : prefix.startsWith('gen_ai.') && !ctx.summary.genAiIndexed) return false;
  for (const key of ctx.summary.keys) {
    if (key.length > prefix.length && key.startsWith(prefix)) {
      const c = key.charCodeAt(prefix.length);
      if (c >= 48 && c <= 57) return true;
    }
  }
  return false;
}
