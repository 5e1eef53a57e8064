import { afterAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src-main/app-context';
import { createFrameCheck, registerIpc } from '../../src-main/ipc/register';
import { callNames, ipcChannel } from '../../src-core/contract/api';
import type { Envelope } from '../../src-core/contract/envelope';

// ipcMain stand-in: records handlers so the test can invoke them exactly as Electron would.
type Handler = (event: { senderFrame: { url: string; parent: unknown } | null }, input: unknown) => Promise<Envelope>;
const handlers = new Map<string, Handler>();
const fakeIpcMain = { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) };

const context = createAppContext({ databasePath: ':memory:', workers: 1 });
afterAll(() => context.close());
const frameCheck = createFrameCheck(undefined);
registerIpc(fakeIpcMain as never, context.handlers, frameCheck as never);

const ownFrame = { url: 'app://renderer/index.html#/history', parent: null };
const invoke = (name: string, input: unknown, frame: { url: string; parent: unknown } | null = ownFrame) =>
  handlers.get(ipcChannel(name as never))!({ senderFrame: frame }, input);

describe('IPC transport', () => {
  it('registers one channel per call of the contract, nothing else', () => {
    expect([...handlers.keys()].sort()).toEqual(callNames.map((n) => ipcChannel(n)).sort());
  });

  it('answers a valid call from the app page', async () => {
    const result = await invoke('listHistory', {});
    expect(result).toEqual({ ok: true, value: { entries: [], total: 0 } });
  });

  it('refuses invalid input with a message naming the field', async () => {
    const result = await invoke('listHistory', { limit: -3, sort: 'sideways' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-input');
    expect(result.error.issues!.map((i) => i.path).sort()).toEqual(['limit', 'sort']);
    expect(result.error.message).toMatch(/limit: Too small/);
    expect(result.error.message).toMatch(/sort: Invalid option/);
    const job = await invoke('startJob', { kind: 'lognormal-bootstrap', config: { source: { type: 'synthetic', n: 2, mu: 0, sigma: 1 }, resamples: 100 } });
    expect(!job.ok && job.error.issues!.map((i) => i.path)).toEqual(['config.source.n']);
  });

  it('refuses calls from other pages, sub-frames and unknown senders', async () => {
    for (const frame of [
      { url: 'https://example.com/', parent: null },
      { url: 'file:///tmp/evil.html', parent: null },
      { url: 'file:///opt/app/out/renderer/index.html', parent: null },
      { url: 'app://evil/index.html', parent: null },
      { url: ownFrame.url, parent: {} },
      null,
    ]) {
      const result = await invoke('getAppInfo', {}, frame);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.code).toBe('forbidden');
    }
  });

  it('trusts the dev server origin only in development', () => {
    const dev = createFrameCheck('http://localhost:5173');
    expect(dev({ url: 'http://localhost:5173/#/fit', parent: null } as never)).toBe(true);
    expect(dev({ url: 'http://localhost:5174/', parent: null } as never)).toBe(false);
    expect(dev({ url: 'http://localhost:5173.evil.example/', parent: null } as never)).toBe(false);
    expect(dev({ url: 'app://renderer/index.html', parent: null } as never)).toBe(false);
    expect(frameCheck({ url: 'http://localhost:5173/', parent: null } as never)).toBe(false);
  });
});
