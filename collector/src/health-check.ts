/**
 * The contrib `health_check` extension: `GET <path>` on its own listener answers 200 while the
 * pipelines run and 503 once shutdown begins, so a load balancer or a Kubernetes probe copied
 * from an OTel Collector deployment (port 13133) works unchanged.
 */
import { createServer, type Server } from 'node:http';

export interface HealthCheckConfig {
  /** host:port */
  host: string;
  port: number;
  path: string;
}

export interface HealthCheck {
  readonly port: number;
  /** From now on the check answers 503. */
  markUnavailable(): void;
  close(): Promise<void>;
}

export async function startHealthCheck(c: HealthCheckConfig): Promise<HealthCheck> {
  const upSince = new Date();
  let available = true;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== c.path || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: the health check is GET ${c.path}\n`);
      return;
    }
    const body = available
      ? { status: 'Server available', upSince: upSince.toISOString(), uptime: `${((Date.now() - upSince.getTime()) / 1000).toFixed(3)}s` }
      : { status: 'Server not available', upSince: upSince.toISOString() };
    res.writeHead(available ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(c.port, c.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : c.port,
    markUnavailable: () => void (available = false),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
