import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against TypeScript sources; the build (dist/) is only for `npm start`.
    alias: [{ find: /^@watchllm\/([a-z-]+)$/, replacement: `${root}$1/src/index.ts` }],
  },
  test: {
    include: ['{semconv,collector,query,instrumentation,ui}/{src,test}/**/*.test.{ts,tsx}'],
    // chdb allows one data directory per process: every test file gets its own process.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
