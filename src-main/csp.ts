/**
 * The app page's Content-Security-Policy, for the Electron window and the loopback server alike: only our own
 * scripts, no eval, no remote content. Inline styles are allowed because ECharts and Vue's style bindings set element
 * styles. `extraOrigins` adds the dev server; `connect` adds the WebSocket of the loopback server.
 */
export function contentSecurityPolicy(options: { extraOrigins?: string[]; connect?: string[] } = {}): string {
  const self = ["'self'", ...(options.extraOrigins ?? [])].join(' ');
  return [
    `default-src ${self}`,
    `script-src ${self}`,
    `style-src ${self} 'unsafe-inline'`,
    `img-src ${self} data: blob:`,
    `font-src ${self} data:`,
    `connect-src ${[self, ...(options.connect ?? [])].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
