import { Hono } from 'hono';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Serves the built single-page app; unknown non-API paths get index.html (client-side routing). */
export function staticUi(dir: string) {
  const app = new Hono();
  const root = normalize(dir + sep);
  app.get('*', (c) => {
    const index = join(root, 'index.html');
    if (!existsSync(index)) return c.text('WatchLLM UI is not built; run `npm run build`.', 404);
    const path = normalize(join(root, decodedPath(c.req.path)));
    const file = path.startsWith(root) && existsSync(path) && statSync(path).isFile() ? path : index;
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    // Hashed assets would allow long caching; these names are stable, so revalidate.
    return c.body(readFileSync(file), 200, { 'content-type': type, 'cache-control': 'no-cache' });
  });
  return app;
}

/** The request path decoded; a malformed escape (`%E0%A4%A`) is no file: the app shows its own not-found page. */
function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return '/';
  }
}
