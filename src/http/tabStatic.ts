import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from 'pino';
import type * as restify from 'restify';
import { guarded } from './requestBody';

/**
 * Where the tab may be framed: Teams, Outlook and the Microsoft 365 app, on their current and
 * `*.cloud.microsoft` hosts (learn.microsoft.com, "Tab requirements"), plus Teams for US government.
 */
const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.teams.microsoft.us',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.live.com',
  'https://*.microsoft365.com',
  'https://*.office365.com',
];

export const TAB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' https://login.microsoftonline.com",
  `frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A bundle file larger than this is not something the tab's build writes. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const INDEX = 'index.html';

function securityHeaders(res: restify.Response): void {
  res.header('Content-Security-Policy', TAB_CONTENT_SECURITY_POLICY);
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'no-referrer');
}

function sendText(res: restify.Response, status: number, text: string): void {
  res.header('Content-Type', 'text/plain; charset=utf-8');
  res.header('Cache-Control', 'no-store');
  res.sendRaw(status, `${text}\n`);
}

/**
 * The file a request path names inside `root`, relative, or undefined when it must be refused:
 * undecodable, a NUL, a backslash, or a `.`/`..` segment (raw or percent-encoded).
 */
export function relativeAssetPath(requestPath: string): string | undefined {
  const rest = requestPath.replace(/^\/tab(?:\/|$)/, '');
  if (rest === requestPath && requestPath !== '/tab') return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  if (/[\0\\]/.test(decoded)) return undefined;
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '.' || segment === '..')) return undefined;
  const relative = segments.filter((segment) => segment !== '').join('/');
  return relative === '' ? INDEX : relative;
}

/** A regular file's real path, only if it is inside the real `root` (no symlink out of it). */
async function fileInside(root: string, relative: string): Promise<string | undefined> {
  try {
    const realRoot = await fs.realpath(root);
    const real = await fs.realpath(path.resolve(realRoot, relative));
    if (!real.startsWith(realRoot + path.sep)) return undefined;
    const stat = await fs.stat(real);
    return stat.isFile() && stat.size <= MAX_FILE_BYTES ? real : undefined;
  } catch {
    return undefined;
  }
}

export interface TabStaticDependencies {
  /** The built front end: index.html, app.js, app.css. */
  readonly assetsDir: string;
  readonly logger: Logger;
}

/**
 * Serves the tab's front end at `/tab/` from the build directory, with the tab's security headers
 * on every answer. Paths without an extension get index.html (the page routes itself); before the
 * bundle is built, 503 says how to build it.
 */
export function registerTabStatic(server: restify.Server, deps: TabStaticDependencies): void {
  const root = path.resolve(deps.assetsDir);

  const serve = guarded(deps.logger, async (req, res) => {
    securityHeaders(res);
    const rawPath = (req.url ?? '').split('?')[0];
    if (rawPath === '/tab') {
      res.header('Location', '/tab/');
      res.header('Cache-Control', 'no-cache');
      res.sendRaw(301, '');
      return;
    }
    const relative = relativeAssetPath(rawPath);
    if (!relative) return sendText(res, 404, 'Not found.');
    if (!(await fileInside(root, INDEX)))
      return sendText(res, 503, 'The tab is not built yet: run `npm run build`, then reload.');

    let file = await fileInside(root, relative);
    if (!file && path.extname(relative) === '') file = await fileInside(root, INDEX);
    if (!file) return sendText(res, 404, 'Not found.');

    const body = await fs.readFile(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    res.header('Content-Type', CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
    // Names are not content-hashed, so the browser revalidates each time (a 304 when unchanged).
    res.header('Cache-Control', 'no-cache');
    res.header('ETag', etag);
    if (req.header('if-none-match') === etag) {
      res.sendRaw(304, '');
      return;
    }
    res.sendRaw(200, req.method === 'HEAD' ? '' : body);
  });

  for (const route of ['/tab', '/tab/*']) {
    server.get(route, serve);
    server.head(route, serve);
  }
}
