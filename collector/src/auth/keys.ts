import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../storage/client.js';
import { RefusedError } from '../otlp/errors.js';

export const API_KEYS_TABLE = 'watchllm_api_keys';

export interface ApiKeyInfo {
  keyId: string;
  projectId: string;
  prefix: string;
  createdAt: string;
  revoked: boolean;
}

/** Keys are 32 random bytes: a fast hash is enough (no dictionary to attack), and verifying stays cheap per request. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const PROJECT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export async function createApiKey(store: Store, projectId: string): Promise<{ key: string; keyId: string }> {
  if (!PROJECT.test(projectId)) throw new Error(`project name "${projectId}" must be 1-64 letters, digits, '.', '_' or '-'`);
  const key = `wl_${randomBytes(32).toString('base64url')}`;
  const keyId = randomUUID();
  await store.client.insert({
    table: store.table(API_KEYS_TABLE),
    values: [{ KeyId: keyId, ProjectId: projectId, KeyHash: hashKey(key), Prefix: key.slice(0, 10), Revoked: 0 }],
    format: 'JSONEachRow',
  });
  return { key, keyId };
}

export async function listApiKeys(store: Store): Promise<ApiKeyInfo[]> {
  const rs = await store.client.query({
    query: `SELECT KeyId, argMax(ProjectId, Version) AS ProjectId, argMax(Prefix, Version) AS Prefix,
                   toString(min(CreatedAt)) AS CreatedAt, max(Revoked) AS Revoked
            FROM ${store.table(API_KEYS_TABLE)} GROUP BY KeyId ORDER BY CreatedAt`,
    format: 'JSONEachRow',
  });
  return (await rs.json<{ KeyId: string; ProjectId: string; Prefix: string; CreatedAt: string; Revoked: number }>()).map((r) => ({
    keyId: r.KeyId,
    projectId: r.ProjectId,
    prefix: r.Prefix,
    createdAt: r.CreatedAt,
    revoked: Number(r.Revoked) === 1,
  }));
}

/** Revocation is a new version of the row (ReplacingMergeTree); readers take the max. */
export async function revokeApiKey(store: Store, keyIdOrPrefix: string): Promise<ApiKeyInfo | undefined> {
  const key = (await listApiKeys(store)).find((k) => k.keyId === keyIdOrPrefix || k.prefix === keyIdOrPrefix);
  if (!key) return undefined;
  const rs = await store.client.query({
    query: `SELECT KeyHash FROM ${store.table(API_KEYS_TABLE)} WHERE KeyId = {id:String} LIMIT 1`,
    query_params: { id: key.keyId },
    format: 'JSONEachRow',
  });
  const [row] = await rs.json<{ KeyHash: string }>();
  await store.client.insert({
    table: store.table(API_KEYS_TABLE),
    values: [{ KeyId: key.keyId, ProjectId: key.projectId, KeyHash: row.KeyHash, Prefix: key.prefix, Revoked: 1, Version: Date.now() }],
    format: 'JSONEachRow',
  });
  return { ...key, revoked: true };
}

/**
 * Reads the key from `Authorization: Bearer …`, `x-watchllm-api-key`, or `Authorization: Basic …`
 * (HTTP headers and gRPC metadata alike). Basic is what Langfuse SDKs send (public key : secret key):
 * the key is the password, or the user name when there is no password, so a Langfuse SDK sends
 * here with the WatchLLM key as its secret key.
 */
export function keyFromHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const auth = first(headers['authorization']);
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim();
  if (auth && /^basic\s+/i.test(auth)) {
    const pair = Buffer.from(auth.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
    const colon = pair.indexOf(':');
    const [user, password] = colon < 0 ? [pair, ''] : [pair.slice(0, colon), pair.slice(colon + 1)];
    return (password || user).trim() || undefined;
  }
  return first(headers['x-watchllm-api-key'])?.trim() || undefined;
}

/**
 * Maps key hashes to projects from the store, refreshed in the background so a key
 * created or revoked by the CLI (another process) takes effect within `refreshMs`.
 */
export class ApiKeyCache {
  private byHash = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly refreshMs = 5000,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => {}), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    const rs = await this.store.client.query({
      query: `SELECT KeyHash, argMax(ProjectId, Version) AS ProjectId, max(Revoked) AS Revoked
              FROM ${this.store.table(API_KEYS_TABLE)} GROUP BY KeyHash`,
      format: 'JSONEachRow',
    });
    const next = new Map<string, string>();
    for (const r of await rs.json<{ KeyHash: string; ProjectId: string; Revoked: number }>()) {
      if (Number(r.Revoked) !== 1) next.set(r.KeyHash, r.ProjectId);
    }
    this.byHash = next;
  }

  /** The project for a request, or a refusal naming what is wrong. */
  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<{ projectId: string }> {
    const key = keyFromHeaders(headers);
    if (!key) throw new RefusedError('unauthenticated', 'missing API key: send "Authorization: Bearer <key>", "x-watchllm-api-key: <key>" or (Langfuse SDKs) the key as the secret key of "Authorization: Basic"');
    const hash = hashKey(key);
    let projectId = this.byHash.get(hash);
    if (!projectId) {
      // A key created moments ago by the CLI: look again before refusing.
      this.loaded ??= this.refresh().finally(() => (this.loaded = undefined));
      await this.loaded;
      projectId = this.byHash.get(hash);
    }
    if (!projectId) throw new RefusedError('unauthenticated', 'invalid or revoked API key');
    return { projectId };
  }
}
