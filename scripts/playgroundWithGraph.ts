/**
 * `npm run playground:graph`: like `npm run playground`, with Microsoft Graph switched on against the
 * loopback fake Entra and Graph of the tests (tests/helpers/fakeGraph), seeded with a few dozen people,
 * two nested groups and a mix of MFA registrations; the Playground's own user (Alex Wilber) is an IT
 * admin. For looking at the Graph features (group audiences, the MFA report) without a tenant.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { FakeGraph } from '../tests/helpers/fakeGraph';
import { startGraphBotProcess } from '../tests/helpers/fakeGraph/graphBotProcess';

const root = path.resolve(__dirname, '../..');
const botPort = process.env.PORT ?? '3978';
const playgroundPort = process.env.PLAYGROUND_PORT ?? '56150';
/** The Agents Playground's default user. */
const PLAYGROUND_USER = '00000000-0000-0000-0000-0000000000020';
const children: ChildProcess[] = [];

function seed(graph: FakeGraph): void {
  graph.addUser({
    id: PLAYGROUND_USER,
    userPrincipalName: 'alexw@example.com',
    displayName: 'Alex Wilber',
    isMfaRegistered: true,
  });
  const names = [
    'Adele Vance',
    'Patti Fernandez',
    'Lee Gu',
    'Megan Bowen',
    'Nestor Wilke',
    'Diego Siciliani',
  ];
  const people = Array.from({ length: 36 }, (_, index) => {
    const name = index < names.length ? names[index] : `Staff Member ${index + 1}`;
    return graph.addUser({
      userPrincipalName: `${name.toLowerCase().replace(/ /g, '.')}@example.com`,
      displayName: name,
      isMfaRegistered: index % 3 === 0,
      methodsRegistered: index % 3 === 0 ? ['microsoftAuthenticatorPush'] : [],
    }).id;
  });
  const payroll = graph.addGroup('Payroll', people.slice(0, 8));
  graph.addGroup('Finance', [payroll.id, ...people.slice(8, 20)], '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b');
}

async function main(): Promise<void> {
  const graph = new FakeGraph();
  await graph.start();
  seed(graph);
  const bot = await startGraphBotProcess(graph, {
    PORT: botPort,
    HOST: '127.0.0.1',
    ADMIN_AAD_IDS: PLAYGROUND_USER,
  });
  children.push(bot.child);
  const playground = spawn(
    path.join(root, 'node_modules/.bin/agentsplayground'),
    ['start', '--disable-telemetry', '-c', 'msteams', '-p', playgroundPort, '-e', `${bot.url}/api/messages`],
    {
      cwd: root,
      env: { ...process.env, BOT_ENDPOINT: `${bot.url}/api/messages`, TEAMSAPPTESTER_BROWSER: 'none' },
      stdio: 'inherit',
    },
  );
  children.push(playground);
  console.log(
    `Agents Playground: http://127.0.0.1:${playgroundPort}  (bot ${bot.url}, Graph ${graph.baseUrl})`,
  );
  const stop = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    graph.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
