/**
 * `npm run bench:tab`: the personal tab's API against the real service process (SQLite), with real
 * RS256 tokens from a loopback Entra. Prints p50 and p99 for a progress read (`GET /api/tab/checklists`)
 * and a tick (`POST /api/tab/checklists/setup/steps/…`, Done and Undo in turn), one request at a time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TENANT_ID } from '../tests/helpers/activities';
import { FakeEntra, TEST_TAB_CLIENT_ID, TEST_TAB_DOMAIN } from '../tests/helpers/fakeEntra';
import { startService } from './serviceProcess';

const PORT = Number(process.env.BENCH_PORT ?? 3993);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const PERSON = '6d1c2a40-0b7e-4a55-9f3e-1c2d3e4f5a6b';

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

async function timed(token: string, method: string, route: string, body?: unknown): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await fetch(`http://127.0.0.1:${PORT}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${route}: HTTP ${response.status} ${text}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function series(count: number, request: (index: number) => Promise<number>): Promise<number[]> {
  const latencies: number[] = [];
  for (let index = 0; index < count; index++) latencies.push(await request(index));
  return latencies;
}

const line = (name: string, latencies: number[]) =>
  `${name.padEnd(22)} ${latencies.length} requests, p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`;

async function main(): Promise<void> {
  const entra = new FakeEntra();
  await entra.start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tab-'));
  const child = await startService(PORT, {
    DATA_DIR: dataDir,
    TAB_CLIENT_ID: TEST_TAB_CLIENT_ID,
    TAB_DOMAIN: TEST_TAB_DOMAIN,
    ENTRA_JWKS_URI: entra.jwksUri,
    ALLOWED_TENANT_IDS: TENANT_ID,
  });
  try {
    const token = entra.accessToken({ oid: PERSON, name: 'Bench Person' });
    const read = () => timed(token, 'GET', '/api/tab/checklists');
    const tick = (index: number) =>
      timed(token, 'POST', '/api/tab/checklists/setup/steps/install-authenticator', {
        done: index % 2 === 0,
      });
    await series(50, read);
    await series(50, tick);
    console.log(`Tab API, one request at a time, SQLite, tokens checked against a loopback JWKS`);
    console.log(line('progress read', await series(REQUESTS, read)));
    console.log(line('tick (Done / Undo)', await series(REQUESTS, tick)));
  } finally {
    child.kill();
    await entra.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
