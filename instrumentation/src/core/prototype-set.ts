import { patchMethod, unpatchMethod } from './patch.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Remembers what an instrumentation patched so `disable()` can put every prototype back. */
export class PatchedPrototypes {
  private readonly patched = new Set<object>();

  patch(proto: object | undefined | null, makeWrapper: (original: Method) => Method, method = 'create'): boolean {
    if (!proto || !patchMethod(proto, method, makeWrapper)) return false;
    this.patched.add(proto);
    return true;
  }

  unpatchAll(method = 'create'): void {
    for (const proto of this.patched) unpatchMethod(proto, method);
    this.patched.clear();
  }
}

/** The prototype holding `create` for a resource instance (e.g. `client.chat.completions`). */
export function protoOf(resource: unknown): object | undefined {
  if (!resource || typeof resource !== 'object') return undefined;
  return Object.getPrototypeOf(resource) ?? undefined;
}

/** `Klass.prototype` when `Klass` is a constructor. */
export function prototypeOfClass(klass: unknown): object | undefined {
  return typeof klass === 'function' ? (klass.prototype as object | undefined) : undefined;
}
