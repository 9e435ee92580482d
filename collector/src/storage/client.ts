import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the data lives: an embedded chdb directory, or a ClickHouse server reached by URL. */
export type StoreConfig =
  | { kind: 'embedded'; dataDir: string; database: string }
  | {
      kind: 'server';
      url: string;
      database: string;
      username?: string;
      password?: string;
      /** PEM CA certificate for https URLs with a private CA. */
      caCert?: Buffer;
      requestTimeoutMs?: number;
    };

export interface Store {
  client: ClickHouseClient;
  config: StoreConfig;
  /** Fully qualified, quoted table name in this store's database. */
  table(name: string): string;
  close(): Promise<void>;
}

// Identifiers can't be bound as query parameters; database/table names come from config, never from requests.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function assertIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} "${name}" must match ${IDENTIFIER}`);
  return name;
}

export function openStore(config: StoreConfig): Store {
  const database = assertIdentifier(config.database, 'database name');
  const client =
    config.kind === 'embedded'
      ? createClient({ connection: embeddedConnection(config.dataDir) })
      : createClient({
          url: config.url,
          username: config.username,
          password: config.password,
          request_timeout: config.requestTimeoutMs ?? 60_000,
          tls: config.caCert ? { ca_cert: config.caCert } : undefined,
          clickhouse_settings: { date_time_input_format: 'best_effort' },
        });
  return {
    client,
    config,
    table: (name) => `${database}.${assertIdentifier(name, 'table name')}`,
    close: () => client.close(),
  };
}

type ClientConnection = NonNullable<Parameters<typeof createClient>[0]>['connection'];

// chdb types against its own copy of @clickhouse/client-common; the runtime contract is the same.
function embeddedConnection(dataDir: string): ClientConnection {
  return createChdbConnection({ path: ensureDir(dataDir) }) as unknown as ClientConnection;
}

function ensureDir(dir: string): string {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  return abs;
}
