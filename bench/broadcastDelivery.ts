/**
 * `npm run bench:broadcast`: 10,000 recipients through the fake Bot Connector with a 200/s ceiling,
 * against the real service process (SQLite, local mode). Prints the achieved rate against the
 * ceiling, the busiest second, time-to-delivery p50/p99 from the start of the broadcast, and the
 * lost and duplicated counts. Targets: >= 95% of the ceiling, 0 lost, 0 duplicated.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startService } from './serviceProcess';
import { ConversationReferences } from '../src/state/conversationReferences';
import { SqliteStore } from '../src/state/sqliteStore';
import { personalConversation } from '../tests/helpers/broadcastFixtures';
import { FakeTeamsConnector } from '../tests/helpers/fakeTeamsConnector';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const CEILING = Number(process.env.BENCH_CEILING ?? 200);
const PORT = Number(process.env.BENCH_PORT ?? 3993);
const KEY = 'bench-admin-key-0123456789abcdef';

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

async function call(method: string, urlPath: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`http://127.0.0.1:${PORT}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const connector = new FakeTeamsConnector();
  await connector.start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-broadcast-'));
  const seed = SqliteStore.inDataDir(dataDir);
  const conversations = new ConversationReferences(seed);
  for (let i = 0; i < RECIPIENTS; i++) {
    await conversations.record(personalConversation(connector.serviceUrl, `p${i}`));
  }
  await seed.close();

  const child = await startService(PORT, {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: KEY,
    BROADCAST_RATE_PER_SECOND: String(CEILING),
    BROADCAST_CONCURRENCY: '16',
  });
  try {
    const started = performance.now();
    const created = await call('POST', '/api/broadcasts', { checklist: 'setup', audience: { kind: 'all' } });
    let status = await call('GET', `/api/broadcasts/${created.id}`);
    while (status.state !== 'completed') {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      status = await call('GET', `/api/broadcasts/${created.id}`);
    }
    const sends = connector.calls.filter(
      (entry) => entry.method === 'POST' && entry.path.endsWith('/activities') && entry.status < 300,
    );
    const first = Math.min(...connector.calls.map((entry) => entry.at));
    const last = Math.max(...sends.map((entry) => entry.at));
    const rate = (connector.calls.length - 1) / ((last - first) / 1000);
    const toDelivery = sends.map((entry) => (entry.at - started) / 1000);
    let lost = 0;
    let duplicated = 0;
    for (let i = 0; i < RECIPIENTS; i++) {
      const copies = connector.deliveriesTo(`a:1on1-29:p${i}`);
      if (copies === 0) lost++;
      if (copies > 1) duplicated += copies - 1;
    }
    console.log(
      `broadcast to ${RECIPIENTS} recipients, ceiling ${CEILING}/s, ${connector.calls.length} connector calls`,
    );
    console.log(
      `achieved ${rate.toFixed(1)} calls/s = ${((100 * rate) / CEILING).toFixed(1)}% of the ceiling (target >= 95%); busiest second ${connector.peakPerSecond()} calls`,
    );
    console.log(
      `time to delivery from the start: p50 ${percentile(toDelivery, 50).toFixed(1)} s, p99 ${percentile(toDelivery, 99).toFixed(1)} s`,
    );
    console.log(
      `lost ${lost}, duplicated ${duplicated} (target 0 and 0); status: sent ${status.sent}, failed ${status.failed}, unreachable ${status.unreachable}`,
    );
  } finally {
    child.kill('SIGTERM');
    await connector.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
