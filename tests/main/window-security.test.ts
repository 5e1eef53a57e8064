import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import { ALLOWED_PERMISSIONS, hardenSession } from '../../src-main/window/security';

/** The Electron session's handlers, driven with a stand-in session: only clipboard writes are allowed. */
describe('session permissions', () => {
  it('grant writing text to the clipboard (copying result tables) and refuse everything else', () => {
    let request: ((wc: unknown, permission: string, callback: (ok: boolean) => void) => void) | undefined;
    let check: ((wc: unknown, permission: string) => boolean) | undefined;
    const session = {
      webRequest: { onHeadersReceived: () => undefined },
      setPermissionRequestHandler: (handler: typeof request) => { request = handler; },
      setPermissionCheckHandler: (handler: typeof check) => { check = handler; },
    } as unknown as Session;
    hardenSession(session);
    const asked = (permission: string) => { let answer: boolean | undefined; request!(null, permission, (ok) => { answer = ok; }); return answer; };
    expect(ALLOWED_PERMISSIONS).toEqual(['clipboard-sanitized-write']);
    expect(asked('clipboard-sanitized-write')).toBe(true);
    expect(check!(null, 'clipboard-sanitized-write')).toBe(true);
    for (const other of ['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fullscreen']) {
      expect(asked(other), other).toBe(false);
      expect(check!(null, other), other).toBe(false);
    }
  });
});
