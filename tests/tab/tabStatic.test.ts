import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBot, type RunningBot } from '../helpers/server';

/** A raw request, so that paths reach the server exactly as written (fetch would normalise `..`). */
function rawGet(
  baseUrl: string,
  requestPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: requestPath, method: 'GET', headers },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

function expectTabHeaders(headers: http.IncomingHttpHeaders): void {
  const csp = String(headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("connect-src 'self' https://login.microsoftonline.com");
  expect(csp).toMatch(
    /frame-ancestors 'self' https:\/\/teams\.microsoft\.com https:\/\/\*\.teams\.microsoft\.com .*https:\/\/\*\.cloud\.microsoft/,
  );
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

describe('Tab static files', () => {
  let assets: string;
  let bot: RunningBot;

  beforeAll(async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tab-static-'));
    assets = path.join(parent, 'tab');
    fs.mkdirSync(assets);
    fs.writeFileSync(path.join(assets, 'index.html'), '<!doctype html><title>Tab</title>');
    fs.writeFileSync(path.join(assets, 'app.js'), 'console.log(1);');
    fs.writeFileSync(path.join(assets, 'app.css'), 'body{}');
    fs.writeFileSync(path.join(parent, 'secret.txt'), 'do not serve');
    fs.symlinkSync(path.join(parent, 'secret.txt'), path.join(assets, 'link.txt'));
    bot = await startBot({ TAB_ASSETS_DIR: assets });
  });
  afterAll(() => bot.stop());

  it.each([
    ['/tab/', 'text/html; charset=utf-8', 'Tab'],
    ['/tab/index.html', 'text/html; charset=utf-8', 'Tab'],
    ['/tab/app.js', 'text/javascript; charset=utf-8', 'console.log'],
    ['/tab/app.css', 'text/css; charset=utf-8', 'body'],
    ['/tab/checklists', 'text/html; charset=utf-8', 'Tab'],
  ])('serves %s as %s with the security headers', async (requestPath, type, content) => {
    const answer = await rawGet(bot.url, requestPath);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(type);
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.body).toContain(content);
    expectTabHeaders(answer.headers);
  });

  it('answers 304 to a matching ETag and redirects /tab to /tab/', async () => {
    const first = await rawGet(bot.url, '/tab/app.js');
    const again = await rawGet(bot.url, '/tab/app.js', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    const bare = await rawGet(bot.url, '/tab');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/tab/');
  });

  it.each([
    '/tab/../package.json',
    '/tab/%2e%2e/package.json',
    '/tab/%2E%2E%2Fpackage.json',
    '/tab/..%2f..%2fpackage.json',
    '/tab/..%5c..%5cpackage.json',
    '/tab/%252e%252e/package.json',
    '/tab/app.js%00.html',
    '/tab/../secret.txt',
    '/tab/link.txt',
    '/tab/nothing.js',
    '/tab/%E0%A4%A',
  ])('refuses %s', async (requestPath) => {
    const answer = await rawGet(bot.url, requestPath);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body).not.toContain('do not serve');
    expect(answer.body).not.toContain('"name"');
  });
});

describe('Tab static files before the build', () => {
  it('answers 503 with how to build it', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tab-unbuilt-'));
    const bot = await startBot({ TAB_ASSETS_DIR: empty });
    try {
      const answer = await rawGet(bot.url, '/tab/');
      expect(answer.status).toBe(503);
      expect(answer.body).toMatch(/npm run build/);
      expectTabHeaders(answer.headers);
    } finally {
      await bot.stop();
    }
  });
});
