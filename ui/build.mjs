// Bundles the single-page app into dist/: index.html + app.js + app.css, nothing fetched from a CDN.
import { build as esbuild } from 'esbuild';
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

const indexHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>WatchLLM</title>
<link rel="stylesheet" href="/app.css">
<script defer src="/app.js"></script>
</head>
<body>
<noscript>WatchLLM needs JavaScript enabled.</noscript>
<div id="app"></div>
</body>
</html>
`;

/** Builds the UI into `outdir` (default ui/dist). Returns the output directory. */
export async function buildUi({ outdir = path.join(here, 'dist'), minify = true } = {}) {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  await esbuild({
    entryPoints: { app: path.join(here, 'src/main.tsx') },
    outdir,
    bundle: true,
    format: 'iife',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify,
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'warning',
  });
  await writeFile(path.join(outdir, 'index.html'), indexHtml);
  return outdir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const out = await buildUi();
  console.log(`ui built into ${path.relative(process.cwd(), out) || '.'} in ${Date.now() - started} ms`);
}
