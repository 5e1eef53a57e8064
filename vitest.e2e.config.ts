import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// End-to-end tests drive Debian's Chromium against the loopback server; they need `electron-vite build` first.
export default defineConfig({
  resolve: { alias: { '@core': fileURLToPath(new URL('./src-core', import.meta.url)) } },
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
