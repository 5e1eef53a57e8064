import { beforeEach } from 'vitest';

// Every test starts as a new user: nothing remembered in the (happy-dom) localStorage from an earlier test.
beforeEach(() => {
  (globalThis as { localStorage?: { clear(): void } }).localStorage?.clear();
});
