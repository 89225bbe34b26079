/**
 * `npm run bench:broadcast -- [--instances N] [--storage sqlite|azure] [--recipients R] [--rate C]
 * [--concurrency K] [--latency-ms L]`: one broadcast to R people (default 2,000) through real bot
 * processes (`node dist/src/index.js`, each on PORT=0, loopback only) and a fake Teams connector on
 * loopback that answers each call after L ms (default 100; real Teams takes ~100-200 ms). Storage is
 * one SQLite file (one instance only) or Azure Table storage on an Azurite started from node_modules,
 * shared by N instances. The ceiling C defaults to 50 calls/s, the Teams limit per app per tenant.
 *
 * Prints the steady calls/s against the ceiling (the middle of the run, without its first and last
 * second), the busiest second the connector saw (sliding one-second window), the total time, the
 * people with no copy and the extra copies, and the storage engine and instance count.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startAzurite, type RunningAzurite } from '../devTools/azurite';
import { AzureTableStore } from '../src/state/azureTableStore';
import { ConversationReferences } from '../src/state/conversationReferences';
import { SqliteStore } from '../src/state/sqliteStore';
import type { Store } from '../src/state/store';
import { personalConversation } from '../tests/helpers/broadcastFixtures';
import { SlowTeamsConnector } from './slowTeamsConnector';

const ROOT = path.resolve(__dirname, '../..');
const BOT_ENTRY = path.join(ROOT, 'dist/src/index.js');
const PORT_REPORTER = path.join(__dirname, 'reportListeningPort.js');
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const LINK_SECRET = 'bench-download-link-secret-0123456789';
/** A bot on a busy machine (or Azure storage being created) may take a while to listen. */
const START_TIMEOUT_MS = 60_000;
/** The broadcast is given up when no copy arrives for this long. */
const STALL_TIMEOUT_MS = 60_000;
const STEADY_TARGET = 0.9;

interface Options {
  readonly instances: number;
  readonly storage: 'sqlite' | 'azure';
  readonly recipients: number;
  readonly rate: number;
  readonly concurrency: number;
  readonly latencyMs: number;
}

class UsageError extends Error {}

const USAGE =
  'usage: npm run bench:broadcast -- [--instances N] [--storage sqlite|azure] [--recipients R] ' +
  '[--rate C] [--concurrency K] [--latency-ms L]\n' +
  '  defaults: --instances 1 --storage sqlite --recipients 2000 --rate 50 --concurrency 8 --latency-ms 100';

function number(
  values: Record<string, unknown>,
  name: string,
  fallback: number,
  valid: (n: number) => boolean,
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!Number.isFinite(parsed) || !valid(parsed))
    throw new UsageError(`--${name} ${String(raw)} is not valid`);
  return parsed;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      instances: { type: 'string' },
      storage: { type: 'string' },
      recipients: { type: 'string' },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
      'latency-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const storage = values.storage ?? 'sqlite';
  if (storage !== 'sqlite' && storage !== 'azure') {
    throw new UsageError(`--storage must be sqlite or azure, not ${storage}`);
  }
  const int = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
  const options: Options = {
    instances: number(values, 'instances', 1, int(1, 16)),
    storage,
    recipients: number(values, 'recipients', 2000, int(1, 1_000_000)),
    rate: number(values, 'rate', 50, (n) => n > 0 && n <= 1000),
    concurrency: number(values, 'concurrency', 8, int(1, 256)),
    latencyMs: number(values, 'latency-ms', 100, int(0, 60_000)),
  };
  if (options.storage === 'sqlite' && options.instances > 1) {
    throw new UsageError(
      `--storage sqlite is one file that only one bot process may use, so --instances ${options.instances} ` +
        'cannot share it; use --storage azure for several instances (or --instances 1).',
    );
  }
  return options;
}

/** A bot process the bench started, with the tail of what it printed (for errors). */
interface Bot {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

function startBot(env: NodeJS.ProcessEnv): Promise<Bot> {
  const child = spawn(process.execPath, ['--require', PORT_REPORTER, BOT_ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  bots.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`a bot did not listen within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`a bot exited (${signal ?? code}) before listening:\n${output}`));
    });
    child.on('message', (message: { listening?: number }) => {
      if (typeof message?.listening !== 'number') return;
      clearTimeout(timer);
      resolve({ child, url: `http://127.0.0.1:${message.listening}`, output: () => output });
    });
  });
}

/** Everything to undo at the end, newest first. */
const bots: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

function stopBot(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all(bots.map(stopBot));
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error('cleanup:', error);
      }
    }
  })();
  return cleaning;
}

async function adminApi(
  bot: Bot,
  method: string,
  urlPath: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${bot.url}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  return { status: response.status, body: parsed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const conversationOf = (i: number) => `a:1on1-29:p${i}`;

/** The people's 1:1 conversation references, as the bot keeps them once they have the app. */
async function seed(store: Store, serviceUrl: string, recipients: number): Promise<void> {
  const conversations = new ConversationReferences(store);
  for (let i = 0; i < recipients; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, recipients - i) }, (_, j) =>
        conversations.record(personalConversation(serviceUrl, `p${i + j}`)),
      ),
    );
  }
  await store.close();
}

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(BOT_ENTRY) || !fs.existsSync(PORT_REPORTER)) {
    throw new Error(`${BOT_ENTRY} is missing: run it with npm run bench:broadcast (which builds first)`);
  }
  const { instances, storage, recipients, rate, concurrency, latencyMs } = options;

  const connector = new SlowTeamsConnector(latencyMs);
  await connector.start();
  cleanups.push(() => connector.stop());

  const common: NodeJS.ProcessEnv = {
    APP_ENV: 'bench-none',
    PORT: '0',
    HOST: '127.0.0.1',
    GUIDE_FILE: path.join(ROOT, 'content/guide.yaml'),
    ADMIN_API_KEY: ADMIN_KEY,
    DOWNLOAD_LINK_SECRET: LINK_SECRET,
    BROADCAST_RATE_PER_SECOND: String(rate),
    BROADCAST_CONCURRENCY: String(concurrency),
    LOG_LEVEL: 'warn',
  };
  let envFor: () => NodeJS.ProcessEnv;
  const seedStarted = performance.now();
  if (storage === 'sqlite') {
    const dataDir = tempDir('bench-broadcast-');
    await seed(SqliteStore.inDataDir(dataDir), connector.serviceUrl, recipients);
    envFor = () => ({ ...common, STORAGE: 'sqlite', DATA_DIR: dataDir });
  } else {
    const azurite: RunningAzurite = await startAzurite();
    cleanups.push(() => azurite.stop());
    const table = `bench${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    await seed(
      AzureTableStore.fromConnectionString(azurite.connectionString, table),
      connector.serviceUrl,
      recipients,
    );
    envFor = () => ({
      ...common,
      STORAGE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_TABLE: table,
      DATA_DIR: tempDir('bench-broadcast-'),
    });
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const started: Bot[] = [];
  for (let i = 0; i < instances; i++) started.push(await startBot(envFor()));
  // A bot that dies mid-run fails the bench instead of leaving it polling.
  const died = new Promise<never>((_, reject) => {
    for (const bot of started) {
      bot.child.once('exit', (code, signal) => {
        if (!cleaning) reject(new Error(`a bot exited (${signal ?? code}) during the run:\n${bot.output()}`));
      });
    }
  });
  died.catch(() => undefined);
  // The broadcast is created on the first instance and watched from the last, as from another desk.
  const creator = started[0];
  const watcher = started[started.length - 1];

  const postedAt = performance.now();
  const created = await adminApi(creator, 'POST', '/api/broadcasts', {
    checklist: 'setup',
    audience: { kind: 'all' },
  });
  if (created.status !== 202 || created.body.recipients !== recipients) {
    throw new Error(`POST /api/broadcasts answered ${created.status} ${JSON.stringify(created.body)}`);
  }
  const jobId = String(created.body.id);

  // The status reads the whole ledger (a synchronous read with SQLite), so it is asked only every
  // 2 s until the connector has seen everyone, then often, to see the completion when it comes.
  let status: Record<string, unknown> = {};
  let lastProgress = { at: performance.now(), delivered: 0 };
  let lastPoll = performance.now();
  for (;;) {
    await Promise.race([sleep(50), died]);
    const delivered = connector.delivered;
    if (delivered !== lastProgress.delivered) lastProgress = { at: performance.now(), delivered };
    if (performance.now() - lastProgress.at > STALL_TIMEOUT_MS) {
      throw new Error(`no copy delivered for ${STALL_TIMEOUT_MS / 1000} s: ${JSON.stringify(status)}`);
    }
    if (delivered < recipients && performance.now() - lastPoll < 2000) continue;
    lastPoll = performance.now();
    status = (await Promise.race([adminApi(watcher, 'GET', `/api/broadcasts/${jobId}`), died])).body;
    if (status.state === 'completed') break;
    if (status.state !== 'sending' && status.state !== 'scheduled') {
      throw new Error(`the broadcast stopped as ${JSON.stringify(status)}`);
    }
  }
  const totalSeconds = (performance.now() - postedAt) / 1000;

  let lost = 0;
  let duplicated = 0;
  for (let i = 0; i < recipients; i++) {
    const copies = connector.deliveriesTo(conversationOf(i));
    if (copies === 0) lost++;
    if (copies > 1) duplicated += copies - 1;
  }
  const timeline = connector.timeline();
  const share = timeline.steadyPerSecond / rate;
  const ideal = recipients / rate;
  const warnings = started.reduce(
    (sum, bot) =>
      sum +
      bot
        .output()
        .split('\n')
        .filter((line) => /"level":(40|50|60)/.test(line)).length,
    0,
  );

  console.log(
    `broadcast to ${recipients} recipients: storage ${storage}, ${instances} instance${instances > 1 ? 's' : ''}, ` +
      `ceiling ${rate} calls/s, concurrency ${concurrency}, connector latency ${latencyMs} ms ` +
      `(seeded in ${seedSeconds.toFixed(1)} s)`,
  );
  console.log(
    `steady rate: ${timeline.steadyPerSecond.toFixed(1)} calls/s = ${(100 * share).toFixed(1)}% of the ceiling ` +
      `(over the middle ${timeline.steadySeconds.toFixed(1)} s; whole seconds there ${timeline.steadyMin}-${timeline.steadyMax} calls)` +
      (share < STEADY_TARGET ? ` BELOW ${100 * STEADY_TARGET}% of the ceiling` : ''),
  );
  console.log(
    `busiest second at the connector: ${timeline.busiestSecond} calls (ceiling ${rate}), ` +
      `from ${((timeline.busiestAt - timeline.firstAt) / 1000).toFixed(1)} s after the first call` +
      (timeline.busiestSecond > rate ? ' OVER THE CEILING' : ''),
  );
  console.log(
    `total time: ${totalSeconds.toFixed(1)} s from POST /api/broadcasts to completed ` +
      `(${timeline.calls} connector calls from ${((timeline.firstAt - postedAt) / 1000).toFixed(1)} s to ` +
      `${((timeline.lastAt - postedAt) / 1000).toFixed(1)} s; ${ideal.toFixed(1)} s at the ceiling)`,
  );
  console.log(
    `lost ${lost}, duplicated ${duplicated}; status: sent ${status.sent}, failed ${status.failed}, ` +
      `unreachable ${status.unreachable}, pending ${status.pending}; bot warnings/errors logged: ${warnings}`,
  );
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`${signal}: stopping the bots and Azurite`);
    const exit = () => process.exit(130);
    cleanUp().then(exit, exit);
  });
}

main()
  .then(
    () => cleanUp(),
    async (error: unknown) => {
      process.exitCode = error instanceof UsageError ? 2 : 1;
      if (!interrupted) console.error(error instanceof UsageError ? `${error.message}\n${USAGE}` : error);
      await cleanUp();
    },
  )
  .finally(() => process.exit());
