import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port free right now on loopback (for child processes that bind later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Polls `${api}/healthz` until it answers 200; throws if the child exits first or time runs out. */
export async function waitHealthy(api: string, child: ChildProcess, timeoutMs = 60_000, output: () => string = () => ''): Promise<void> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    if (child.exitCode !== null) throw new Error(`watchllm exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${api}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`watchllm did not become healthy within ${timeoutMs} ms:\n${output()}`);
}
