import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitHealthy } from '../src/child-process.js';

export const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

export interface WatchLLMProcess {
  child: ChildProcess;
  output: () => string;
  otlpHttp: string;
  api: string;
}

/**
 * Runs the built CLI (`npm run build` precedes `npm test`) as a real child process. A port found free
 * can be taken by another test file's process before the child binds it: then it starts again on new ports.
 */
export async function startProcess(args: string[], env: Record<string, string>, attempts = 3): Promise<WatchLLMProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(args, env);
    } catch (err) {
      if (attempt >= attempts || !/EADDRINUSE/.test((err as Error).message)) throw err;
    }
  }
}

async function startOnce(args: string[], env: Record<string, string>): Promise<WatchLLMProcess> {
  const httpPort = env.WATCHLLM_OTLP_HTTP_PORT ?? String(await freePort());
  const apiPort = env.WATCHLLM_PORT ?? String(await freePort());
  const grpcPort = env.WATCHLLM_OTLP_GRPC_PORT ?? String(await freePort());
  let out = '';
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, WATCHLLM_OTLP_HTTP_PORT: httpPort, WATCHLLM_PORT: apiPort, WATCHLLM_OTLP_GRPC_PORT: grpcPort, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const api = `http://127.0.0.1:${apiPort}`;
  // Generous: in the full suite several files start processes at once on two cores.
  await waitHealthy(api, child, 60_000, () => out);
  return { child, output: () => out, otlpHttp: `http://127.0.0.1:${httpPort}`, api };
}

export function stopProcess(p: WatchLLMProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null) return resolve(p.child.exitCode);
    p.child.once('exit', (code) => resolve(code));
    p.child.kill(signal);
  });
}

/** A new API key of `project` in the data directory (what `watchllm keys create` prints). */
export function createApiKey(dataDir: string, project: string): string {
  const out = execFileSync(process.execPath, [CLI, 'keys', 'create', '--project', project], { env: { ...process.env, WATCHLLM_DATA_DIR: dataDir }, encoding: 'utf8' });
  return /api key: (\S+)/.exec(out)![1];
}
