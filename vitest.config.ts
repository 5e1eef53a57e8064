import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@core': fileURLToPath(new URL('./src-core', import.meta.url)) } },
  test: {
    include: ['tests/{core,main,renderer}/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
