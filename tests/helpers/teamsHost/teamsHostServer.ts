import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { HostContext } from './hostPage';

/** A person the host can sign in: what Teams knows about them, and how to get their SSO token. */
export interface HostUser {
  readonly oid: string;
  readonly tenantId: string;
  readonly upn: string;
  readonly name: string;
  /** The token `authentication.getAuthToken` hands the tab (from the fake Entra in tests). */
  token(resources: readonly string[]): Promise<string> | string;
}

export interface HostPageOptions {
  readonly theme?: 'default' | 'dark' | 'contrast';
  readonly locale?: string;
  readonly naaRecommended?: boolean;
}

export interface TeamsHost {
  readonly origin: string;
  /** The host page for a user; it embeds `/tab/` in an iframe. */
  pageUrl(userKey: string): string;
  /** How many SSO tokens the host handed out, per user. */
  readonly tokensIssued: Map<string, number>;
  stop(): Promise<void>;
}

const HOST_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Teams (test host)</title><link rel="stylesheet" href="/__host/host.css" /></head>
  <body>
    <header>Teams (test host)</header>
    <iframe id="tab-frame" title="My setup" data-src="/tab/"></iframe>
    <script src="/__host/host.js"></script>
  </body>
</html>`;

const HOST_CSS = `html,body{margin:0;height:100%;font-family:'Segoe UI',sans-serif}
body{display:flex;flex-direction:column}header{padding:8px 16px;background:#464775;color:#fff}
iframe{flex:1;border:0;width:100%}`;

/** hostPage.ts beside this file (ts-jest), or in the source tree when this runs compiled from dist/. */
function hostPageSource(): string {
  const candidates = [
    path.join(__dirname, 'hostPage.ts'),
    path.resolve(__dirname, '../../../../tests/helpers/teamsHost/hostPage.ts'),
  ];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`hostPage.ts not found (looked in ${candidates.join(', ')})`);
  return found;
}

async function bundleHostScript(): Promise<string> {
  const result = await build({
    entryPoints: [hostPageSource()],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome109',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Everything outside /__host/ goes to the bot, so host and tab share an origin (see the note below). */
function proxy(botUrl: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
  const upstream = http.request(
    {
      hostname: botUrl.hostname,
      port: botUrl.port,
      path: req.url,
      method: req.method,
      headers: { ...req.headers, host: botUrl.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.statusCode = 502;
    res.end();
  });
  req.pipe(upstream);
}

/**
 * A stand-in for the Teams web client on loopback. Note: teams-js only accepts host messages from
 * Microsoft's https origins, from origins the app lists in `app.initialize(validOrigins)`, or from
 * its own origin. The tab lists none (production must not trust extra origins), so the host page is
 * served from the tab's origin: this server serves the host page and proxies /tab/ and /api/ to the bot.
 */
export async function startTeamsHost(options: {
  readonly botUrl: string;
  readonly users: Readonly<Record<string, HostUser>>;
  readonly page?: HostPageOptions;
  /** Per-user page options (theme, NAA), overriding `page`. */
  readonly pages?: Readonly<Record<string, HostPageOptions>>;
}): Promise<TeamsHost> {
  const botUrl = new URL(options.botUrl);
  const script = await bundleHostScript();
  const tokensIssued = new Map<string, number>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    if (!url.pathname.startsWith('/__host/')) return proxy(botUrl, req, res);
    const userKey = url.searchParams.get('user') ?? '';
    const user = options.users[userKey];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/__host/') return send(200, 'text/html; charset=utf-8', HOST_HTML);
    if (url.pathname === '/__host/host.js') return send(200, 'text/javascript', script);
    if (url.pathname === '/__host/host.css') return send(200, 'text/css', HOST_CSS);
    if (!user) return send(404, 'application/json', '{"error":"unknown user"}');
    if (url.pathname === '/__host/context') {
      const page = { ...options.page, ...options.pages?.[userKey] };
      const context: HostContext = {
        userKey,
        theme: page.theme ?? 'default',
        locale: page.locale ?? 'en-GB',
        naaRecommended: page.naaRecommended ?? false,
        user: { oid: user.oid, tenantId: user.tenantId, upn: user.upn, name: user.name },
      };
      return send(200, 'application/json', JSON.stringify(context));
    }
    if (url.pathname === '/__host/token' && req.method === 'POST') {
      readBody(req)
        .then(async (body) => {
          const { resources } = JSON.parse(body.toString() || '{}') as { resources?: string[] };
          const token = await user.token(resources ?? []);
          tokensIssued.set(userKey, (tokensIssued.get(userKey) ?? 0) + 1);
          send(200, 'application/json', JSON.stringify({ token }));
        })
        .catch(() => send(500, 'application/json', '{"error":"no token"}'));
      return;
    }
    send(404, 'application/json', '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    tokensIssued,
    pageUrl: (userKey) => `${origin}/__host/?user=${encodeURIComponent(userKey)}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
