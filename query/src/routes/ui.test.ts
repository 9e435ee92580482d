import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticUi } from './ui.js';

describe('staticUi', () => {
  const dir = mkdtempSync(join(tmpdir(), 'watchllm-ui-'));
  writeFileSync(join(dir, 'index.html'), '<html>app</html>');
  writeFileSync(join(dir, 'app.js'), 'console.log(1)');
  const app = staticUi(dir);

  it('serves files, and the app for any other path, a malformed escape or a climb out included', async () => {
    const js = await app.request('/app.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
    for (const path of ['/prompts/support%2Fgreeting', '/prompts/%E0%A4%A', '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toBe('<html>app</html>');
    }
  });
});
