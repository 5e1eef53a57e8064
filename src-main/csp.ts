/**
 * The app page's Content-Security-Policy, for the Electron window (app:// responses and the dev server), the
 * loopback server and the built index.html alike: only our own scripts, no eval, no remote content. Inline styles are
 * allowed because ECharts and Vue's style bindings set element styles. `extraOrigins` adds the dev server; `connect`
 * adds the WebSocket of the loopback server.
 */
export function contentSecurityPolicy(options: { extraOrigins?: string[]; connect?: string[]; meta?: boolean } = {}): string {
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
    // A <meta> policy cannot set frame-ancestors (browsers ignore it there and say so in the console).
    ...(options.meta ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
}

/**
 * The policy written into the built index.html, so the page is protected whatever serves it (a file opened by
 * hand, a server that forgets the header). It allows the loopback server's WebSocket on any port (the port is known
 * only when the server starts); the server's own header narrows that to its port, and both policies apply.
 */
export const META_CSP = contentSecurityPolicy({ meta: true, connect: ['ws://127.0.0.1:*', 'ws://localhost:*'] });

/** index.html with the policy as the first element of <head> (the build's transformIndexHtml). */
export function withCspMeta(html: string, policy = META_CSP): string {
  if (!/<head>/i.test(html)) throw new Error('index.html has no <head> to put the Content-Security-Policy in');
  return html.replace(/<head>/i, (head) => `${head}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
}
