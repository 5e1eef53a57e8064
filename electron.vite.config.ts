import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { withCspMeta } from './src-main/csp';

const alias = { '@core': fileURLToPath(new URL('./src-core', import.meta.url)) };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The worker entry is bundled beside the main entry: the pool starts out/main/worker.js.
        input: {
          index: fileURLToPath(new URL('./src-main/index.ts', import.meta.url)),
          worker: fileURLToPath(new URL('./src-main/jobs/worker.ts', import.meta.url)),
          'import-worker': fileURLToPath(new URL('./src-main/import/worker.ts', import.meta.url)),
          'cluster-worker': fileURLToPath(new URL('./src-main/cluster/collect-worker.ts', import.meta.url)),
        },
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: fileURLToPath(new URL('./src-main/preload/index.ts', import.meta.url)) },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    resolve: { alias: { ...alias, '@renderer': fileURLToPath(new URL('./src-renderer/src', import.meta.url)) } },
    // The built index.html carries the CSP in a <meta> too (src-main/csp.ts), so the page is protected whatever
    // serves it; the dev server's page gets it as a header (window/security.ts) because Vite's dev client needs more.
    plugins: [vue(), { name: 'csp-meta', apply: 'build', transformIndexHtml: (html: string) => withCspMeta(html) }],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; minified, the start has a third as much script to parse.
      minify: true,
      rollupOptions: {
        input: fileURLToPath(new URL('./src-renderer/index.html', import.meta.url)),
        // Each page is its own chunk (lazy routes, src-renderer/src/router/routes.ts); ECharts, which every page
        // with a chart needs, is one chunk of its own rather than folded into whichever page loads first.
        output: { codeSplitting: { groups: [{ name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ }] } },
      },
    },
  },
});
