import { beforeAll } from 'vitest';
import { createQueryApp } from '../src/app.js';
import { migratedTestStore } from './migrated-store.js';

/** A JSON request to the app: its status and its parsed answer (null for a 204). */
export type JsonCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/**
 * The query app on a fresh migrated store for the calling test file (project "default", no auth), called through
 * hono's `app.request` without a server.
 */
export function queryAppCall(name: string): JsonCall & { store: ReturnType<typeof migratedTestStore> } {
  const store = migratedTestStore(name);
  let app: ReturnType<typeof createQueryApp>;
  beforeAll(() => {
    app = createQueryApp({ store: store(), isReady: () => true });
  });
  const call: JsonCall = async (method, path, body) => {
    const res = await app.request(path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  // The store too, for a test that writes what the API reads.
  return Object.assign(call, { store });
}
