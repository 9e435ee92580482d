// The built UI must stay small and self-contained: JS + CSS under 150 KB gzipped, nothing loaded from elsewhere.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildUi } from '../build.mjs';

const LIMIT_BYTES = 150 * 1024;

describe('ui bundle', () => {
  it('builds quickly into index.html + app.js + app.css under 150 KB gzipped', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'watchllm-ui-size-'));
    try {
      const started = Date.now();
      await buildUi({ outdir: out });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(readdirSync(out).sort()).toEqual(['app.css', 'app.js', 'index.html']);
      const js = readFileSync(path.join(out, 'app.js'));
      const css = readFileSync(path.join(out, 'app.css'));
      const gz = gzipSync(js, { level: 9 }).length + gzipSync(css, { level: 9 }).length;
      console.log(`ui bundle: js ${js.length} B, css ${css.length} B, gzipped total ${gz} B`);
      expect(gz).toBeLessThan(LIMIT_BYTES);
      expect(gz).toBeGreaterThan(10_000); // a real app, not an empty file

      const html = readFileSync(path.join(out, 'index.html'), 'utf8');
      const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      expect(refs.sort()).toEqual(['/app.css', '/app.js']);
      // No CDN: the bundle never imports or links remote scripts or styles.
      expect(css.toString()).not.toMatch(/@import\s+url\(\s*['"]?https?:/);
      expect(js.toString()).not.toMatch(/import\(\s*['"]https?:/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
