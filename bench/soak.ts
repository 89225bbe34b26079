/**
 * `npm run soak`: the built service as a child process (local mode, SQLite in a fresh temp dir),
 * a fake Bot Connector on loopback, then SOAK_SECONDS (default 60) of mixed traffic at a fixed
 * concurrency: staff questions from many people, checklist button presses, admin API reads, and a
 * share of hostile requests (bad gzip, gzip bombs, oversized bodies, malformed activities, wrong
 * admin keys). Prints throughput, p50/p99 of the good requests, answers by status class, errors,
 * and the service's RSS at start, at the end of the load and after 10 s idle.
 *
 * Exits non-zero if any request got a 5xx or a connection error, or the service died.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { startConnector } from './fakeConnector';
import { gzipSync } from 'node:zlib';
import { startService } from './serviceProcess';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 32);
const PORT = Number(process.env.SOAK_PORT ?? 3994);
const IDLE_SECONDS = 10;
const PEOPLE = 2000;
const ADMIN_KEY = 'soak-admin-key-0123456789abcdef-not-a-secret';

/** What staff type, in their own words. */
const QUESTIONS = [
  'help with Outlook',
  'which app do I download',
  'the thing on my phone keeps buzzing',
  'did my password expire?',
  'it says my session expired, do I reset my password?',
  'I keep getting asked to approve a sign in',
  'how do I set up the authenticator app',
  'where do I log in to the portal',
  'what is my temporary password for',
  'I got a code on my phone what do I do with it',
  'teams on my mobile',
  'how do I add my work account to outlook on my phone',
  'outlook keeps asking for my password',
  'can I use google authenticator instead',
  'number matching what number do I type',
  'I changed my phone, how do I move the authenticator',
  'how do I change my password',
  'new password rules',
  'my emails are not showing up in outlook',
  'is there a web version of outlook',
  'the printer is not working',
  'how do I connect to the vpn',
  'when is payday',
  'hello',
  'thanks!',
  'what can you do',
  'checklist',
  'my progress',
  'where was I',
  'next step',
  'I did not sign in but got an approval request',
  'MicrosoftOffice16_Data folder where is it',
];

const CHECKLIST_STEPS = [
  'install-authenticator',
  'open-browser',
  'go-to-portal',
  'select-sign-in',
  'type-email',
  'type-temporary-password',
  'type-temporary-again',
  'type-new-password',
  'confirm-new-password',
];

type Kind =
  | 'message'
  | 'checklist'
  | 'invoke'
  | 'admin'
  | 'badGzip'
  | 'gzipBomb'
  | 'oversized'
  | 'malformed'
  | 'badEncoding'
  | 'invalidUtf8'
  | 'wrongKey';

/** The mix, per 100 requests. */
const MIX: readonly [Kind, number][] = [
  ['message', 62],
  ['checklist', 4],
  ['invoke', 12],
  ['admin', 6],
  ['badGzip', 3],
  ['gzipBomb', 2],
  ['oversized', 2],
  ['malformed', 3],
  ['badEncoding', 2],
  ['invalidUtf8', 2],
  ['wrongKey', 2],
];
const GOOD: ReadonlySet<Kind> = new Set(['message', 'checklist', 'invoke', 'admin']);
/** What each kind must be answered with; anything else is reported as unexpected. */
const EXPECTED: Record<Kind, readonly number[]> = {
  message: [200],
  checklist: [200],
  invoke: [200],
  admin: [200],
  badGzip: [400],
  gzipBomb: [413],
  oversized: [413],
  malformed: [400],
  badEncoding: [415],
  invalidUtf8: [400],
  wrongKey: [401, 429],
};

interface Request {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  /** Hostile requests use their own connection (the server closes it after refusing a body). */
  readonly fresh?: boolean;
  readonly localAddress?: string;
}

let sequence = 0;
let serviceUrl = '';
let broadcastId = '';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const jsonHeaders = { 'content-type': 'application/json' };

function person(index: number) {
  return { id: `29:person-${index}`, aadObjectId: `aad-person-${index}`, name: `Person ${index}` };
}

function activity(
  type: string,
  personIndex: number,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return {
    type,
    id: `soak-${++sequence}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: person(personIndex),
    recipient: { id: '28:soak-bot', name: 'Setup Assistant' },
    conversation: { id: `a:soak-${personIndex}`, conversationType: 'personal', tenantId: 'tenant' },
    channelData: { tenant: { id: 'tenant' } },
    locale: 'en-GB',
    localTimezone: 'Europe/London',
    ...extra,
  };
}

const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)];
const someone = () => Math.floor(Math.random() * PEOPLE);

const GZIP_BOMB = gzipSync(Buffer.alloc(20_000_000, 0x20));
const OVERSIZED = Buffer.alloc(400_000, 0x20);

function build(kind: Kind): Request {
  const post = (body: Buffer, headers: Record<string, string> = jsonHeaders, fresh = false): Request => ({
    method: 'POST',
    path: '/api/messages',
    headers,
    body,
    fresh,
  });
  switch (kind) {
    case 'message':
      return post(json(activity('message', someone(), { text: pick(QUESTIONS), textFormat: 'plain' })));
    case 'checklist':
      return post(json(activity('message', someone(), { text: 'checklist', textFormat: 'plain' })));
    case 'invoke': {
      const verb = pick([
        'checklist.done',
        'checklist.done',
        'checklist.done',
        'checklist.undo',
        'checklist.show',
      ]);
      const data =
        verb === 'checklist.show'
          ? { checklistId: 'setup' }
          : { checklistId: 'setup', stepId: pick(CHECKLIST_STEPS) };
      return post(
        json(
          activity('invoke', someone(), {
            name: 'adaptiveCard/action',
            value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
          }),
        ),
      );
    }
    case 'admin':
      return {
        method: 'GET',
        path: pick([
          '/api/broadcasts',
          `/api/broadcasts/${broadcastId}`,
          `/api/broadcasts/${broadcastId}/recipients`,
        ]),
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      };
    case 'badGzip':
      return post(
        Buffer.from('this is not gzip at all'),
        { ...jsonHeaders, 'content-encoding': 'gzip' },
        true,
      );
    case 'gzipBomb':
      return post(GZIP_BOMB, { ...jsonHeaders, 'content-encoding': 'gzip' }, true);
    case 'oversized':
      return post(OVERSIZED, jsonHeaders, true);
    case 'malformed': {
      const broken = activity('message', someone(), { text: 'hi' });
      const field = pick(['from', 'serviceUrl', 'conversation', 'localTimezone', 'recipient']);
      broken[field] = pick([null, 42, [], { id: null }, 'Mars/Olympus']);
      return post(json(broken), jsonHeaders, true);
    }
    case 'badEncoding':
      return post(json(activity('message', someone(), { text: 'hi' })), {
        ...jsonHeaders,
        'content-encoding': pick(['br', 'deflate', 'compress', 'gzip, gzip']),
      });
    case 'invalidUtf8': {
      const bytes = json(activity('message', someone(), { text: 'caf\u00e9 question' }));
      bytes[bytes.indexOf(0xc3)] = 0xff;
      return post(bytes, jsonHeaders, true);
    }
    case 'wrongKey':
      // From another loopback address: failed keys are throttled per source, and the admin reads
      // above must not share that source.
      return {
        method: pick(['GET', 'POST']),
        path: '/api/broadcasts',
        headers: { ...jsonHeaders, authorization: `Bearer wrong-${Math.random()}` },
        body: json({ checklist: 'setup', audience: { kind: 'all' } }),
        fresh: true,
        localAddress: `127.0.0.${2 + Math.floor(Math.random() * 50)}`,
      };
  }
}

// FIFO reuse keeps every pooled socket busy, so none sits idle into the server's keep-alive timeout
// (5 s) and gets closed just as it is reused: that race would show up here as a false ECONNRESET.
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY, scheduling: 'fifo' });

/** Resolves with the status, or rejects on a connection error or no answer within 30 s. */
function send(request: Request): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port: PORT,
        method: request.method,
        path: request.path,
        headers: {
          ...request.headers,
          ...(request.body ? { 'content-length': String(request.body.length) } : {}),
        },
        agent: request.fresh ? false : agent,
        localAddress: request.localAddress,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.setTimeout(30_000, () => outgoing.destroy(new Error('no answer within 30 s')));
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

function rssMb(pid: number | undefined): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function chooseKind(): Kind {
  let roll = Math.random() * 100;
  for (const [kind, weight] of MIX) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return 'message';
}

async function main(): Promise<void> {
  const connector = await startConnector();
  serviceUrl = connector.url;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-'));
  const child: ChildProcess = await startService(PORT, {
    DATA_DIR: dataDir,
    USER_MESSAGES_PER_MINUTE: '6000',
    USER_MESSAGE_BURST: '1000',
    ADMIN_API_KEY: ADMIN_KEY,
  });
  let died: string | undefined;
  child.on('exit', (code, signal) => (died = `exited with ${code ?? signal}`));

  const latencies: number[] = [];
  const byClass: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const unexpected: Record<string, number> = {};
  const errors: string[] = [];
  let total = 0;

  try {
    const created = await send({
      method: 'POST',
      path: '/api/broadcasts',
      headers: { ...jsonHeaders, authorization: `Bearer ${ADMIN_KEY}` },
      body: json({
        notice: { title: 'Soak', text: 'Scheduled, never sent.' },
        audience: { kind: 'users', ids: ['person-1'] },
        sendAt: '2099-01-01T09:00:00Z',
      }),
    });
    if (created.status !== 202)
      throw new Error(`could not create a broadcast: ${created.status} ${created.text}`);
    broadcastId = (JSON.parse(created.text) as { id: string }).id;

    const rssStart = rssMb(child.pid);
    console.log(
      `soak: ${SECONDS} s, concurrency ${CONCURRENCY}, ${PEOPLE} people, pid ${child.pid}, RSS at start ${rssStart.toFixed(1)} MB`,
    );
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    const worker = async () => {
      while (performance.now() < deadline && died === undefined) {
        const kind = chooseKind();
        const request = build(kind);
        const sentAt = performance.now();
        total++;
        byKind[kind] = (byKind[kind] ?? 0) + 1;
        try {
          const { status, text } = await send(request);
          const ms = performance.now() - sentAt;
          byClass[`${Math.floor(status / 100)}xx`] = (byClass[`${Math.floor(status / 100)}xx`] ?? 0) + 1;
          if (status >= 500) errors.push(`${kind}: ${status} ${text.slice(0, 200)}`);
          else if (!EXPECTED[kind].includes(status)) {
            const key = `${kind} → ${status}`;
            unexpected[key] = (unexpected[key] ?? 0) + 1;
          }
          if (GOOD.has(kind) && status < 300) latencies.push(ms);
        } catch (error) {
          byClass.connectionError = (byClass.connectionError ?? 0) + 1;
          errors.push(`${kind}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsed = (performance.now() - started) / 1000;
    const rssEnd = rssMb(child.pid);
    agent.destroy();
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const rssIdle = rssMb(child.pid);
    const health =
      died === undefined
        ? await send({ method: 'GET', path: '/healthz', headers: {}, fresh: true })
        : undefined;

    latencies.sort((a, b) => a - b);
    console.log(
      `requests: ${total} in ${elapsed.toFixed(1)} s = ${(total / elapsed).toFixed(0)} requests/s overall`,
    );
    console.log(
      `good requests: ${latencies.length} (${(latencies.length / elapsed).toFixed(0)}/s), p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
    );
    console.log(`by kind: ${JSON.stringify(byKind)}`);
    console.log(`by status class: ${JSON.stringify(byClass)}`);
    console.log(`unexpected statuses (not errors): ${JSON.stringify(unexpected)}`);
    console.log(`errors (5xx or connection): ${errors.length}`);
    for (const line of errors.slice(0, 10)) console.log(`  ${line}`);
    console.log(`connector calls answered: ${connector.count()}`);
    console.log(
      `RSS: start ${rssStart.toFixed(1)} MB, end of load ${rssEnd.toFixed(1)} MB, after ${IDLE_SECONDS} s idle ${rssIdle.toFixed(1)} MB`,
    );
    console.log(`service: ${died ?? `alive, /healthz ${health?.status}`}`);
    if (errors.length > 0 || died !== undefined || health?.status !== 200) process.exitCode = 1;
  } finally {
    child.kill();
    connector.close();
    agent.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
