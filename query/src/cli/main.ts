#!/usr/bin/env node
import { ConfigError, readSettings, SettingsError } from '@watchllm/collector';
import { runKeysCommand } from './keys.js';
import { runRepriceCommand } from './reprice.js';
import { startWatchLLM, type Role } from '../runtime.js';

const USAGE = `usage: watchllm [start|collector|query|keys …|reprice …]

  start                          collector + query API + UI in one process (default)
  collector                      OTLP receivers and the write pipeline only
  query                          query API and UI only
  keys create --project NAME     create an API key (printed once; stored hashed)
  keys list                      list keys (id, project, prefix, revoked)
  keys revoke KEY_ID|PREFIX      revoke a key
  reprice --since T [--until T] [--retroactive]
                                 recompute span costs and rollups with the current prices (T: ISO time or 24h / 7d ago)`;

const ROLES: Record<string, Role> = { start: 'all', collector: 'collector', query: 'query' };

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'start';
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command === 'keys') return runKeysCommand(readSettings(), argv.slice(1), USAGE);
  if (command === 'reprice') return runRepriceCommand(readSettings(), argv.slice(1), USAGE);
  const role = ROLES[command];
  if (!role) {
    console.error(`watchllm: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const settings = readSettings();
  const running = await startWatchLLM(settings, role);
  const where = settings.store.kind === 'embedded' ? `embedded store at ${settings.store.dataDir}` : `ClickHouse at ${settings.store.url}`;
  console.log(`WatchLLM ${command} on ${where}`);
  for (const line of running.collector?.describe() ?? []) console.log(`  ${line}`);
  if (running.queryPort !== undefined) {
    console.log(role === 'collector' ? `  health + metrics on http://${settings.host}:${running.queryPort}/` : `  UI + API on http://${settings.host}:${running.queryPort}/`);
  }

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`\n${signal}: flushing and shutting down…`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await running.shutdown();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof SettingsError || err instanceof ConfigError ? `watchllm: ${err.message}` : err);
    process.exit(1);
  },
);
