/**
 * `npm run bench:group -- [--members N] [--without-app P]`: one broadcast to an Entra group of N
 * people (default 5,000) of whom P % (default 20) have not installed the app, through the real bot
 * (in this process, loopback only) against the fake Entra ID + Microsoft Graph of
 * tests/helpers/fakeGraph and a fake Teams connector. Prints the Graph calls by kind, the Teams
 * calls, the time, the people with no copy, the extra copies and the installs.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { MemoryStore } from '../src/state/memoryStore';
import {
  api,
  ADMIN_KEY,
  entraPersonalConversation,
  waitForBroadcast,
} from '../tests/helpers/broadcastFixtures';
import { FakeGraph, type FakeUser } from '../tests/helpers/fakeGraph';
import { FakeTeamsConnector } from '../tests/helpers/fakeTeamsConnector';

const MANIFEST_ID = '6f0c2a4e-1b3d-4c5e-8f7a-9b0c1d2e3f40';

function graphCallKind(method: string, path: string): string {
  if (path.includes('/transitiveMembers/')) return 'group members (pages)';
  if (/\/groups\/[^/]+$/.test(path)) return 'group name';
  if (path.endsWith('/appCatalogs/teamsApps')) return 'app catalog lookup';
  if (path.endsWith('/installedApps') && method === 'POST') return 'install';
  if (path.endsWith('/installedApps')) return 'installation lookup';
  if (path.endsWith('/chat')) return 'chat lookup';
  return `${method} ${path}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { members: { type: 'string' }, 'without-app': { type: 'string' } },
  });
  const members = Number(values.members ?? 5000);
  const withoutApp = Number(values['without-app'] ?? 20) / 100;
  const graph = new FakeGraph();
  await graph.start();
  const connector = new FakeTeamsConnector();
  await connector.start();
  const catalogId = graph.addTeamsApp(MANIFEST_ID);
  const people: FakeUser[] = Array.from({ length: members }, (_, i) =>
    graph.addUser({ userPrincipalName: `p${i}@contoso.test` }),
  );
  const group = graph.addGroup(
    'Everyone',
    people.map((user) => user.id),
  );
  const config = loadConfig({
    ...graph.env(),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ADMIN_API_KEY: ADMIN_KEY,
    TEAMS_APP_ID: MANIFEST_ID,
    BROADCAST_DEFAULT_SERVICE_URL: connector.serviceUrl,
    BROADCAST_RATE_PER_SECOND: '50',
    BROADCAST_CONCURRENCY: '8',
    GRAPH_RATE_PER_SECOND: '20',
    GRAPH_CONCURRENCY: '8',
  });
  const app = createApp(config, {
    store: new MemoryStore(),
    logger: pino({ level: 'silent' }),
    graphNetworkClient: graph.networkClient(),
    connectorTokens: { token: async () => 'bench-token' },
  });
  const installedCount = Math.round(members * (1 - withoutApp));
  for (const user of people.slice(0, installedCount))
    await app.conversations.record(entraPersonalConversation(connector.serviceUrl, user.id));
  const port = await app.start();
  const url = `http://127.0.0.1:${port}`;
  try {
    const started = performance.now();
    const created = await api(url, 'POST', '/api/broadcasts', {
      notice: { title: 'Move to Microsoft 365', text: 'It starts Monday.' },
      audience: { kind: 'group', groupId: group.id },
    });
    if (created.status !== 202) throw new Error(`create: ${created.status} ${created.text}`);
    const status = await waitForBroadcast(
      url,
      String(created.body.id),
      (body) => body.state === 'completed',
      30 * 60_000,
    );
    const seconds = (performance.now() - started) / 1000;
    const copies = people.map(
      (user) =>
        connector.deliveriesTo(`a:1on1-${user.id}`) +
        connector.deliveriesTo(`19:${user.id}_${catalogId}@unq.gbl.spaces`),
    );
    const byKind = new Map<string, number>();
    for (const call of graph.calls) {
      const kind = graphCallKind(call.method, call.path);
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    const installs = graph.callsTo(/\/installedApps$/, 'POST');
    console.log(
      `group broadcast: ${members} members, ${members - installedCount} without the app; ` +
        `Graph ${config.graph?.ratePerSecond}/s, Teams ${config.broadcast.ratePerSecond}/s`,
    );
    console.log(
      `  time: ${seconds.toFixed(1)} s; state ${String(status.state)}, sent ${String(status.sent)}`,
    );
    console.log(`  Graph calls: ${graph.calls.length} (token requests ${graph.tokens.requests.length})`);
    for (const [kind, count] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`    ${kind}: ${count}`);
    console.log(`  Teams calls: ${connector.calls.length}`);
    console.log(
      `  lost: ${copies.filter((count) => count === 0).length}; duplicated: ` +
        `${copies.reduce((sum, count) => sum + Math.max(0, count - 1), 0)}; installs: ` +
        `${installs.filter((call) => call.status === 201).length} (409: ${installs.filter((call) => call.status === 409).length})`,
    );
  } finally {
    await app.stop();
    await connector.stop();
    await graph.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
