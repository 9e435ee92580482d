import { createApiKey, listApiKeys, migrate, openStore, revokeApiKey, type Settings } from '@watchllm/collector';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

/** `watchllm keys create|list|revoke`: runs against the configured store (embedded: stop the server first). */
export async function runKeysCommand(settings: Settings, args: string[], usage: string): Promise<number> {
  const sub = args[0];
  const store = openStore(settings.store);
  try {
    await migrate(store);
    if (sub === 'create') {
      const project = flag(args, '--project');
      if (!project) {
        console.error('watchllm keys create: --project NAME is required');
        return 2;
      }
      const { key, keyId } = await createApiKey(store, project);
      console.log(`project: ${project}\nkey id:  ${keyId}\napi key: ${key}\n\nShown once. Send it as "Authorization: Bearer <key>" or "x-watchllm-api-key: <key>".`);
      return 0;
    }
    if (sub === 'list') {
      const keys = await listApiKeys(store);
      if (!keys.length) console.log('no API keys');
      for (const k of keys) console.log(`${k.keyId}  ${k.projectId.padEnd(20)} ${k.prefix}…  ${k.createdAt}${k.revoked ? '  REVOKED' : ''}`);
      return 0;
    }
    if (sub === 'revoke') {
      const id = args[1];
      if (!id) {
        console.error('watchllm keys revoke: KEY_ID or key prefix required');
        return 2;
      }
      const revoked = await revokeApiKey(store, id);
      if (!revoked) {
        console.error(`watchllm keys revoke: no key with id or prefix "${id}"`);
        return 1;
      }
      console.log(`revoked ${revoked.keyId} (project ${revoked.projectId})`);
      return 0;
    }
    console.error(`watchllm keys: unknown subcommand "${sub ?? ''}"\n\n${usage}`);
    return 2;
  } finally {
    await store.close();
  }
}
