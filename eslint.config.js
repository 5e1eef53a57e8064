// Lint = TypeScript's recommended rules plus the layer boundaries of docs/ARCHITECTURE.md:
// src-core is pure (no electron, node:*, vue, database, no Math.random/Date/console), src-renderer reaches the rest
// only through its API client (no node:*, no electron, no main-process code).
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

// Bare built-in names are matched exactly (a pattern would also catch our own './events').
const nodeBuiltins = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'zlib', 'events'];
const forbidNodePaths = nodeBuiltins.map((name) => ({ name, message: 'Node built-ins belong in src-main.' }));
const forbidNode = [{ group: ['node:*'], message: 'Node built-ins belong in src-main.' }];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'test-results/**', 'tests/fixtures/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['src-core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: forbidNodePaths,
        patterns: [
          ...forbidNode,
          { group: ['electron', 'electron/*'], message: 'src-core must not depend on Electron.' },
          { group: ['vue', 'vue/*', 'echarts', 'echarts/*'], message: 'src-core must not depend on the interface.' },
          { group: ['better-sqlite3'], message: 'src-core must not touch the database.' },
          { group: ['**/src-main/**', '**/src-renderer/**', '@main/*', '@renderer/*'], message: 'src-core imports only src-core.' },
        ],
      }],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Use the seeded generator from src-core/random.' },
        { object: 'Date', property: 'now', message: 'src-core is deterministic: take time from the caller.' },
      ],
      'no-restricted-globals': ['error', { name: 'Date', message: 'src-core is deterministic: take time from the caller.' }],
      'no-console': 'error',
    },
  },
  {
    // The domain sits beneath the job catalogue and the API contract: it receives a JobContext (runtime/) and never
    // reaches up, so jobs/ and contract/ can import any domain module without a cycle.
    files: ['src-core/{stats,plasticity,rnn,io,linalg,random,runtime}/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: forbidNodePaths,
        patterns: [
          ...forbidNode,
          { group: ['electron', 'electron/*'], message: 'src-core must not depend on Electron.' },
          { group: ['vue', 'vue/*', 'echarts', 'echarts/*'], message: 'src-core must not depend on the interface.' },
          { group: ['better-sqlite3'], message: 'src-core must not touch the database.' },
          { group: ['**/src-main/**', '**/src-renderer/**', '@main/*', '@renderer/*'], message: 'src-core imports only src-core.' },
          { group: ['**/jobs/*', '**/contract/*', '@core/jobs/*', '@core/contract/*'], message: 'The domain never imports jobs/ or contract/ (they sit above it).' },
        ],
      }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: forbidNodePaths,
        patterns: [
          ...forbidNode,
          { group: ['electron', 'electron/*'], message: 'The renderer talks to main only through src-renderer/src/api.' },
          { group: ['better-sqlite3'], message: 'The renderer never touches the database.' },
          { group: ['**/src-main/**'], message: 'The renderer reaches main only through the API contract.' },
        ],
      }],
    },
  },
);
