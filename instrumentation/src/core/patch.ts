// Prototype patching shared by the provider instrumentations. Patching the resource class prototype
// (e.g. `Completions.prototype.create`) covers every client built from that module copy, CJS or ESM.

const ORIGINAL = Symbol.for('watchllm.instrumentation.original');

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;
interface Patched extends AnyFunction {
  [ORIGINAL]?: AnyFunction;
}

/**
 * Replaces `target[method]` with `makeWrapper(original)`. Re-patching replaces our earlier wrapper
 * (the newest instrumentation wins) instead of stacking a second one.
 */
export function patchMethod(target: object | undefined, method: string, makeWrapper: (original: AnyFunction) => AnyFunction): boolean {
  if (!target) return false;
  const holder = target as Record<string, Patched | undefined>;
  const current = holder[method];
  if (typeof current !== 'function') return false;
  const original = current[ORIGINAL] ?? current;
  const wrapper: Patched = makeWrapper(original);
  wrapper[ORIGINAL] = original;
  Object.defineProperty(holder, method, { value: wrapper, writable: true, configurable: true, enumerable: false });
  return true;
}

export function unpatchMethod(target: object | undefined, method: string): void {
  if (!target) return;
  const holder = target as Record<string, Patched | undefined>;
  const original = holder[method]?.[ORIGINAL];
  if (original) Object.defineProperty(holder, method, { value: original, writable: true, configurable: true, enumerable: false });
}

/** Where an SDK client sends its calls (`server.address`, `server.port`). */
export interface ServerEndpoint {
  address?: string;
  port?: number;
}

/** Host and port of an SDK client's base URL, cached because every call asks. */
const endpointCache = new Map<string, ServerEndpoint>();
export function serverEndpoint(baseURL: unknown): ServerEndpoint {
  if (typeof baseURL !== 'string') return {};
  let hit = endpointCache.get(baseURL);
  if (!hit) {
    try {
      const url = new URL(baseURL);
      const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : undefined;
      hit = { address: url.hostname, port };
    } catch {
      hit = {};
    }
    if (endpointCache.size < 64) endpointCache.set(baseURL, hit);
  }
  return hit;
}
