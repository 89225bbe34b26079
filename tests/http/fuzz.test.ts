import * as http from 'node:http';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { listByPrefix } from '../../src/state/store';
import {
  botAddedFrom,
  cardActionFrom,
  installationFrom,
  messageFrom,
  type Person,
} from '../helpers/activities';
import { ADMIN_KEY, seedPeople } from '../helpers/broadcastFixtures';
import { FakeConnector } from '../helpers/fakeConnector';
import { startBot, type RunningBot } from '../helpers/server';
import { storeContents } from '../helpers/storeContents';

/*
 * Property-based fuzzing of the bot's HTTP surface (issue 8), against the real restify server on
 * loopback: generated bodies, headers and card actions must never produce a 5xx, never take the
 * server down, and a refused request must leave the store as it was.
 *
 * Every property is bounded twice: a number of runs and a time limit (fast-check stops early, and
 * the property passes, if the limit is hit first), so that the file fits CI on two cores. A failure
 * prints the seed; replay it with FUZZ_SEED=<seed>. FUZZ_VERBOSE=1 prints how many cases each ran.
 */

const ENV = {
  ADMIN_API_KEY: ADMIN_KEY,
  ADMIN_AAD_IDS: 'aad-admin',
  // Generous per-person limits, so that generated messages reach the core instead of "slow down".
  USER_MESSAGE_BURST: '1000',
  USER_MESSAGES_PER_MINUTE: '6000',
};
const OPTIONS = { connectorTokens: { token: async () => undefined } };
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const runCounts: Record<string, number> = {};
/** Answers by status per property, printed with FUZZ_VERBOSE to see what the generators reach. */
const statusCounts: Record<string, Record<number, number>> = {};
let currentProperty = '';

function countStatus(status: number): void {
  const counts = (statusCounts[currentProperty] ??= {});
  counts[status] = (counts[status] ?? 0) + 1;
}

/** Runs an async property within `numRuns` and `timeLimitMs`, and insists it ran at least `minRuns`. */
async function check<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  limits: { numRuns: number; timeLimitMs: number; minRuns: number },
): Promise<void> {
  let runs = 0;
  let inFlight: Promise<void> = Promise.resolve();
  currentProperty = name;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      runs++;
      inFlight = predicate(value);
      await inFlight;
    }),
    {
      numRuns: limits.numRuns,
      interruptAfterTimeLimit: limits.timeLimitMs,
      markInterruptAsFailure: false,
      ...(SEED === undefined ? {} : { seed: SEED }),
    },
  );
  // The time limit abandons the run under way without waiting for it; its request must be answered
  // (and its writes made) before the next property takes its snapshot.
  await inFlight.catch(() => undefined);
  runCounts[name] = runs;
  expect(runs).toBeGreaterThanOrEqual(limits.minRuns);
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP: fetch refuses some headers and bodies, so requests go through node:http directly.

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

interface RawRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
  /** A loopback source address (127.0.0.x), to look like another client. */
  readonly localAddress?: string;
}

/** One request on its own connection; rejects on a connection error or no answer within 10 s. */
function send(baseUrl: string, request: RawRequest): Promise<Reply> {
  const { hostname, port } = new URL(baseUrl);
  const body = request.body;
  const headers: Record<string, string> = {
    ...(body ? { 'content-length': String(body.length) } : {}),
    ...request.headers,
  };
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: hostname,
        port,
        method: request.method ?? 'POST',
        path: request.path,
        headers,
        agent: false,
        localAddress: request.localAddress,
      },
      (response) => {
        if (request.path !== '/healthz') countStatus(response.statusCode ?? 0);
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error('no answer within 10 s')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Every key, version and value in the store, to tell whether a request changed anything. */
/** Written behind the turn: an earlier, accepted message's record may land during a refused one. */
const WRITTEN_BEHIND = ['conversation-memory/', 'unanswered-question/', 'message-history/'];

/**
 * The store as text. Follow-up memory, unanswered questions and message history are left out: accepted turns write
 * them a moment later, in the background, so they can change while a refused request is answered.
 */
async function snapshot(bot: RunningBot): Promise<string[]> {
  return storeContents(bot.app.store)
    .filter((item) => !WRITTEN_BEHIND.some((prefix) => item.key.startsWith(prefix)))
    .map((item) => `${item.key}\u0000${item.version}\u0000${JSON.stringify(item.value)}`);
}

async function expectHealthy(bot: RunningBot): Promise<void> {
  const health = await send(bot.url, { method: 'GET', path: '/healthz' });
  expect(health.status).toBe(200);
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');

// ---------------------------------------------------------------------------------------------
// Generators.

const QUESTIONS = [
  'help with Outlook',
  'which app do I download',
  'the thing on my phone keeps buzzing',
  'did my password expire?',
  'I was asked to approve a sign-in',
  'checklist',
  'start setup',
  'where was I',
  'next step',
  'my progress',
  'how do I set up teams on my phone',
  'printer is broken',
  'reset my password',
  'broadcast',
  'broadcasts',
  'stop reminders',
  'menu',
  'hi',
  '<at>Setup Assistant</at> help',
];

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 60,
});

const hugeString = fc.constantFrom(65, 257, 513, 1025, 2049, 70_000).map((length) => 'x'.repeat(length));

/** Values that do not belong where they are put: wrong types, sizes, encodings and shapes. */
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { withCrossShrink: true },
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  hugeString,
  fc.constantFrom(
    '',
    ' ',
    '\ud800',
    '\udfff x',
    '\u0000',
    '__proto__',
    'constructor',
    'toString',
    'Europe/London',
    'UTC',
    'Mars/Olympus_Mons',
    '+01:00',
    'en-GB',
    'zz',
    '29:alice',
    'aad-admin',
    'http://127.0.0.1:1/',
    'javascript:alert(1)',
    'ftp://example.com/',
    'http://',
    'https://[::1]:99999/',
    '{{portalUrl}}',
    '<at>Setup Assistant</at>',
    '𝓗𝓮𝓵𝓵𝓸 🙂 مرحبا 你好',
  ),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const PEOPLE: Person[] = [
  ...Array.from({ length: 12 }, (_, index) => ({
    teamsId: `29:person-${index}`,
    aadObjectId: `aad-person-${index}`,
    name: `Person ${index}`,
  })),
  { teamsId: '29:admin', aadObjectId: 'aad-admin', name: 'IT Admin' },
];

const STEP_IDS = ['install-authenticator', 'open-browser', 'go-to-portal', 'type-email', 'type-new-password'];
const VERBS = [
  'showTopic',
  'showMenu',
  'checklist.show',
  'checklist.done',
  'checklist.undo',
  'checklist.stuck',
  'checklist.authenticator',
  'checklist.reset',
  'broadcast.preview',
  'broadcast.send',
  'broadcast.discard',
  'broadcast.status',
  'broadcast.cancel',
  'broadcast.recallAsk',
  'broadcast.recall',
  'broadcast.remind',
];

/** Card-action data in the shapes the handlers read, with each field sometimes wrong. */
const actionData: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      checklistId: fc.oneof(fc.constantFrom('setup', 'authenticator', 'mfa', 'phone', 'nope'), weirdValue),
      stepId: fc.oneof(fc.constantFrom(...STEP_IDS), weirdValue),
      topicId: fc.oneof(
        fc.constantFrom('mfa_enroll', 'portal_login', 'outlook_reconfigure', 'x'),
        weirdValue,
      ),
      view: fc.oneof(fc.constantFrom('next', 'card', 'checklist'), weirdValue),
      answer: fc.oneof(fc.constantFrom('yes', 'no'), weirdValue),
      confirm: fc.oneof(fc.constantFrom(true, 'true'), weirdValue),
      broadcastId: fc.oneof(fc.uuid(), weirdValue),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      content: fc.oneof(fc.constantFrom('checklist:setup', 'notice', 'setup', ''), weirdValue),
      noticeTitle: fc.oneof(fc.string({ maxLength: 20 }), weirdValue),
      noticeText: fc.oneof(fc.string({ maxLength: 20 }), weirdValue),
      audience: fc.oneof(fc.constantFrom('all', 'users', 'team', 'channels'), weirdValue),
      users: fc.oneof(fc.constantFrom('person-1@iteres.example', 'aad-person-2'), weirdValue),
      sendDate: fc.oneof(fc.constantFrom('2030-01-01', '2026-02-30', ''), weirdValue),
      sendTime: fc.oneof(fc.constantFrom('09:00', '25:61', ''), weirdValue),
      request: weirdValue,
    },
    { requiredKeys: [] },
  ),
  weirdValue,
);

interface Base {
  readonly kind: 'message' | 'invoke' | 'conversationUpdate' | 'installationUpdate';
  readonly person: Person;
  readonly conversationType: string;
  readonly text: string;
  readonly verb: string;
  readonly data: unknown;
}

const base: fc.Arbitrary<Base> = fc.record({
  kind: fc.constantFrom(
    'message',
    'message',
    'message',
    'invoke',
    'conversationUpdate',
    'installationUpdate',
  ),
  person: fc.constantFrom(...PEOPLE),
  conversationType: fc.constantFrom('personal', 'personal', 'groupChat', 'channel'),
  text: fc.oneof(fc.constantFrom(...QUESTIONS), fc.string({ unit: 'grapheme', maxLength: 80 })),
  verb: fc.constantFrom(...VERBS),
  data: actionData,
});

/** A valid msteams activity of the given shape, replying to `serviceUrl`. */
function validActivity(shape: Base, serviceUrl: string): Record<string, unknown> {
  const options = {
    person: shape.person,
    serviceUrl,
    conversationType: shape.conversationType,
    conversationId:
      shape.conversationType === 'personal' ? undefined : `19:${shape.conversationType}@thread.tacv2`,
  };
  const activity =
    shape.kind === 'message'
      ? messageFrom(shape.text, options)
      : shape.kind === 'invoke'
        ? cardActionFrom(shape.verb, (shape.data ?? {}) as Record<string, unknown>, options)
        : shape.kind === 'installationUpdate'
          ? installationFrom('add', options)
          : botAddedFrom(options);
  const plain = JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;
  if (shape.conversationType === 'channel')
    plain.channelData = {
      ...(plain.channelData as object),
      team: { id: '19:team@thread.tacv2', name: 'Team' },
      channel: { id: '19:channel@thread.tacv2', name: 'General' },
    };
  return plain;
}

const MUTABLE_PATHS = [
  'type',
  'id',
  'name',
  'action',
  'text',
  'textFormat',
  'serviceUrl',
  'channelId',
  'locale',
  'localTimezone',
  'timestamp',
  'replyToId',
  'deliveryMode',
  'value',
  'value.action',
  'value.action.type',
  'value.action.verb',
  'value.action.data',
  'entities',
  'entities.0',
  'entities.0.mentioned',
  'attachments',
  'membersAdded',
  'membersAdded.0.id',
  'membersRemoved',
  'from',
  'from.id',
  'from.name',
  'from.aadObjectId',
  'from.role',
  'recipient',
  'recipient.id',
  'recipient.name',
  'conversation',
  'conversation.id',
  'conversation.name',
  'conversation.conversationType',
  'conversation.tenantId',
  'conversation.isGroup',
  'channelData',
  'channelData.tenant',
  'channelData.tenant.id',
  'channelData.team',
  'channelData.team.id',
  'channelData.team.name',
  'channelData.channel',
  'channelData.channel.name',
  'channelData.eventType',
  '__proto__',
  'from.__proto__',
  'channelData.constructor',
];

interface Mutation {
  readonly path: string;
  readonly value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.constantFrom(...MUTABLE_PATHS),
  value: weirdValue,
});

/** Sets (or with `undefined`, deletes) a field, creating objects on the way; own properties only. */
function mutate(target: Record<string, unknown>, { path, value }: Mutation): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    const next = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
    if (next === undefined) {
      const created = key === '0' || key === 'entities' ? [] : {};
      Object.defineProperty(node, key, {
        value: created,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      node = created as Record<string, unknown>;
    } else if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>;
    else return;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------

describe('fuzzing POST /api/messages (real server, loopback)', () => {
  const connector = new FakeConnector();
  let bot: RunningBot;

  beforeAll(async () => {
    await connector.start();
    bot = await startBot(ENV, OPTIONS);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  /** Posts, then checks the answer is < 500, the server still healthy and a 4xx changed nothing. */
  async function postAndCheck(request: RawRequest): Promise<Reply> {
    const before = await snapshot(bot);
    const reply = await send(bot.url, request);
    expect(reply.status).toBeLessThan(500);
    if (reply.status >= 400) expect(await snapshot(bot)).toEqual(before);
    await expectHealthy(bot);
    return reply;
  }

  // Protects against a body that is valid JSON but not an activity reaching the core or the store.
  it('answers any JSON value with < 500 and changes nothing when it refuses it', async () => {
    const anyJson = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.dictionary(fc.constantFrom(...MUTABLE_PATHS.filter((path) => !path.includes('.'))), weirdValue, {
        maxKeys: 12,
      }),
    );
    await check(
      'messages: any JSON',
      anyJson,
      async (value) => {
        await postAndCheck({
          path: '/api/messages',
          headers: { 'content-type': 'application/json' },
          body: json(value),
        });
      },
      { numRuns: 800, timeLimitMs: 3_000, minRuns: 20 },
    );
  });

  // Protects against one malformed field of an otherwise valid activity poisoning the stored
  // conversation reference, crashing a turn (5xx) or making the bot call another host.
  it('answers valid activities with mutated fields with < 500, and refusals change nothing', async () => {
    await check(
      'messages: mutated activities',
      fc.tuple(base, fc.array(mutation, { minLength: 0, maxLength: 3 })),
      async ([shape, mutations]) => {
        const activity = validActivity(shape, connector.serviceUrl);
        for (const change of mutations) mutate(activity, change);
        await postAndCheck({
          path: '/api/messages',
          headers: { 'content-type': 'application/json' },
          body: json(activity),
        });
      },
      { numRuns: 1_500, timeLimitMs: 7_000, minRuns: 20 },
    );
  });

  // Protects the body reader: encodings, charsets and byte-level garbage end as a 4xx for that
  // request alone (issue 8 §1–2), never as a crash, a hang or a write.
  it('answers arbitrary headers and raw byte bodies with < 500, and refusals change nothing', async () => {
    const valid = () => json(validActivity({ ...SIMPLE, person: PEOPLE[3] }, connector.serviceUrl));
    const bomb = gzipSync(Buffer.alloc(3_000_000, 0x20));
    const paddedBomb = gzipSync(Buffer.concat([json({ type: 'message' }), Buffer.alloc(2_000_000, 0x20)]));
    const body: fc.Arbitrary<{ label: string; bytes?: Buffer; declaredLength?: string }> = fc.oneof(
      fc.constant({ label: 'valid', bytes: valid() }),
      fc.constant({ label: 'gzip of valid', bytes: gzipSync(valid()) }),
      fc.constant({ label: 'gzip of gzip', bytes: gzipSync(gzipSync(valid())) }),
      fc.integer({ min: 1, max: 400 }).map((cut) => ({
        label: 'truncated gzip',
        bytes: gzipSync(valid()).subarray(0, cut),
      })),
      fc
        .integer({ min: 0, max: 400 })
        .map((cut) => ({ label: 'truncated JSON', bytes: valid().subarray(0, cut) })),
      fc
        .uint8Array({ maxLength: 600 })
        .map((bytes) => ({ label: 'random bytes', bytes: Buffer.from(bytes) })),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => ({
        label: 'gzip of random bytes',
        bytes: gzipSync(Buffer.from(bytes)),
      })),
      fc
        .tuple(fc.integer({ min: 0, max: 300 }), fc.constantFrom(0xff, 0xc3, 0xed, 0x80, 0xf8))
        .map(([at, byte]) => {
          const bytes = Buffer.from(valid());
          bytes[Math.min(at, bytes.length - 1)] = byte;
          return { label: 'invalid UTF-8', bytes };
        }),
      fc.constant({ label: 'BOM + valid', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid()]) }),
      fc.constant({ label: 'UTF-16', bytes: Buffer.from(valid().toString('utf8'), 'utf16le') }),
      fc.constant({ label: 'gzip bomb', bytes: bomb }),
      fc.constant({ label: 'gzip bomb of padded JSON', bytes: paddedBomb }),
      fc.constant({ label: 'oversized', bytes: Buffer.alloc(300_000, 0x20) }),
      fc.constant({ label: 'empty', bytes: Buffer.alloc(0) }),
      fc.constant({ label: 'no body' }),
      fc.constant({ label: 'declared too large', bytes: Buffer.alloc(0), declaredLength: '900000000' }),
    );
    const contentType = fc.option(
      fc.oneof(
        { weight: 3, arbitrary: fc.constant('application/json') },
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/json; charset="UTF-8"',
          'application/json;charset=utf8',
          'application/json; charset=latin1',
          'application/json; charset=utf-16',
          'application/json; charset',
          'application/json; foo=bar',
          'APPLICATION/JSON',
          'application/vnd.microsoft.activity+json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          '',
        ),
        printable,
      ),
      { freq: 10 },
    );
    const contentEncoding = fc.option(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('identity', 'gzip') },
        fc.constantFrom(
          'identity',
          'gzip',
          'x-gzip',
          'GZIP',
          ' gzip ',
          'deflate',
          'br',
          'compress',
          'zstd',
          'gzip, gzip',
          'identity, gzip',
          '',
        ),
        printable,
      ),
      { freq: 2 },
    );
    const extraHeaders = fc.oneof(
      { weight: 3, arbitrary: fc.constant({}) },
      fc.dictionary(
        fc.constantFrom(
          'accept',
          'accept-encoding',
          'x-ms-conversation-id',
          'expect',
          'authorization',
          'x-forwarded-for',
        ),
        fc.oneof(fc.constantFrom('100-continue', '*/*', 'gzip', 'Bearer x', '127.0.0.1, ::1'), printable),
        { maxKeys: 3 },
      ),
    );
    const target = fc.oneof(
      { weight: 8, arbitrary: fc.constant({ method: 'POST', path: '/api/messages' }) },
      {
        weight: 2,
        arbitrary: fc.record({
          method: fc.constantFrom('POST', 'PUT', 'GET', 'DELETE', 'PATCH', 'OPTIONS'),
          path: fc.constantFrom(
            '/api/messages',
            '/api/messages/',
            '/api/messages?x=1',
            '//api/messages',
            '/API/messages',
          ),
        }),
      },
    );
    await check(
      'messages: headers and raw bodies',
      fc.record({ body, contentType, contentEncoding, extraHeaders, target }),
      async ({
        body: payload,
        contentType: type,
        contentEncoding: encoding,
        extraHeaders: extra,
        target: where,
      }) => {
        const headers: Record<string, string> = { ...extra };
        if (type !== null) headers['content-type'] = type;
        if (encoding !== null) headers['content-encoding'] = encoding;
        if (payload.declaredLength !== undefined) headers['content-length'] = payload.declaredLength;
        await postAndCheck({ ...where, headers, body: payload.bytes });
      },
      { numRuns: 1_000, timeLimitMs: 4_000, minRuns: 20 },
    );
  });
});

const SIMPLE: Omit<Base, 'person'> = {
  kind: 'message',
  conversationType: 'personal',
  text: 'help with Outlook',
  verb: 'showMenu',
  data: {},
};

describe('fuzzing card-action invokes', () => {
  const connector = new FakeConnector();
  let bot: RunningBot;

  beforeAll(async () => {
    await connector.start();
    bot = await startBot(ENV, OPTIONS);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  // Protects Teams' card buttons: an action that cannot be read gets 400 with the error body
  // Teams shows on the card, never a 5xx or a 501 (issue 8 §9); other invoke names are acknowledged.
  it('answers any card action or invoke with < 500, and every 400 with an error body', async () => {
    const invokeName = fc.oneof(
      { weight: 6, arbitrary: fc.constant('adaptiveCard/action') },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'task/fetch',
          'task/submit',
          'composeExtension/query',
          'signin/verifyState',
          'actionableMessage/executeAction',
          'fileConsent/invoke',
          'healthCheck',
          'adaptiveCard/action ',
          'ADAPTIVECARD/ACTION',
          '',
        ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
    const action = fc.record(
      {
        type: fc.oneof({ weight: 5, arbitrary: fc.constant('Action.Execute') }, weirdValue),
        verb: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...VERBS) }, weirdValue),
        id: fc.oneof(fc.string({ maxLength: 20 }), weirdValue),
        data: actionData,
      },
      { requiredKeys: [] },
    );
    const value = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record(
          { action, trigger: fc.constantFrom('manual', 'automatic', 'other') },
          { requiredKeys: ['action'] },
        ),
      },
      { weight: 2, arbitrary: weirdValue },
      { weight: 1, arbitrary: fc.record({ action: weirdValue }) },
    );
    await check(
      'invokes',
      fc.record({ person: fc.constantFrom(...PEOPLE), name: invokeName, value }),
      async ({ person, name, value: invokeValue }) => {
        const activity = validActivity({ ...SIMPLE, kind: 'invoke', person }, connector.serviceUrl);
        if (name === undefined) delete activity.name;
        else activity.name = name;
        if (invokeValue === undefined) delete activity.value;
        else activity.value = invokeValue;
        const reply = await send(bot.url, {
          path: '/api/messages',
          headers: { 'content-type': 'application/json' },
          body: json(activity),
        });
        expect(reply.status).toBeLessThan(500);
        if (reply.status === 400) {
          expect(parse(reply.text)).toMatchObject({
            statusCode: 400,
            type: 'application/vnd.microsoft.error',
            value: { code: expect.any(String), message: expect.any(String) },
          });
        }
        if (reply.status === 200 && name === 'adaptiveCard/action') {
          expect((parse(reply.text) as { type?: unknown }).type).toMatch(
            /^application\/vnd\.microsoft\.(card\.adaptive|activity\.message)$/,
          );
        }
        await expectHealthy(bot);
      },
      { numRuns: 1_200, timeLimitMs: 4_500, minRuns: 20 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

const auth = { authorization: `Bearer ${ADMIN_KEY}` };

const audience: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({ kind: 'all' }),
  fc.record({
    kind: fc.constant('users'),
    ids: fc.oneof(
      fc.array(
        fc.oneof(fc.constantFrom('person-1@iteres.example', 'aad-person-2', 'person-3'), fc.string()),
        {
          maxLength: 4,
        },
      ),
      weirdValue,
    ),
  }),
  fc.record({ kind: fc.constant('team'), teamId: fc.oneof(fc.constantFrom('team-1', ''), weirdValue) }),
  fc.record({
    kind: fc.constant('channels'),
    ids: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), weirdValue),
  }),
  fc.record({ kind: weirdValue }, { requiredKeys: [] }),
  weirdValue,
);

const sendAt: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '2026-02-30T09:00:00+01:00',
    '2030-12-01T09:00:00+01:00',
    '2030-12-01T09:00:00Z',
    '2030-12-01',
    '2030-13-01T00:00:00Z',
    '2030-12-01T24:00:00Z',
    '2030-12-01T09:00:00+25:00',
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    'tomorrow',
    '',
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  weirdValue,
);

const broadcastBody: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record(
      {
        checklist: fc.constantFrom('setup', 'authenticator', 'mfa'),
        audience: fc.constantFrom({ kind: 'all' }, { kind: 'users', ids: ['person-1'] }),
        // Mostly scheduled, so that few deliveries run in the background of the other cases.
        sendAt: fc.constantFrom('2030-12-01T09:00:00+01:00', '2031-06-30T23:59:59Z', '2020-01-01T00:00:00Z'),
      },
      { requiredKeys: ['checklist', 'audience'] },
    ),
  },
  fc.record(
    {
      checklist: fc.oneof(fc.constantFrom('setup', 'authenticator', 'nope', ' '), weirdValue),
      audience,
      sendAt,
    },
    { requiredKeys: ['audience'] },
  ),
  fc.record(
    {
      notice: fc.oneof(
        fc.record(
          { title: fc.oneof(fc.string(), weirdValue), text: fc.oneof(fc.string(), weirdValue) },
          { requiredKeys: [] },
        ),
        weirdValue,
      ),
      audience,
      sendAt,
    },
    { requiredKeys: ['audience'] },
  ),
  fc.record(
    { checklist: weirdValue, notice: weirdValue, audience, sendAt, extra: weirdValue },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

async function broadcastJobs(bot: RunningBot): Promise<string[]> {
  return (await listByPrefix(bot.app.store, 'broadcast/')).map((item) => item.key);
}

async function createdAuditRows(bot: RunningBot): Promise<number> {
  return (await bot.app.audit.entries()).filter((entry) => entry.action === 'broadcast.create').length;
}

describe('fuzzing the admin API with the right key', () => {
  const connector = new FakeConnector();
  let bot: RunningBot;
  const existing: string[] = [];

  beforeAll(async () => {
    await connector.start();
    bot = await startBot({ ...ENV, BROADCAST_RATE_PER_SECOND: '1000', SHUTDOWN_GRACE_MS: '3000' }, OPTIONS);
    await seedPeople(bot.app, connector.serviceUrl, 3);
    const created = await send(bot.url, {
      path: '/api/broadcasts',
      headers: { ...auth, 'content-type': 'application/json' },
      body: json({
        notice: { title: 'Hello', text: 'World' },
        audience: { kind: 'all' },
        sendAt: '2099-01-01T09:00:00Z',
      }),
    });
    expect(created.status).toBe(202);
    existing.push((parse(created.text) as { id: string }).id);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  // Protects the broadcast list from requests that are refused: a 4xx never creates a broadcast
  // (nor its audit row), and nothing a caller sends yields a 5xx or echoes internals.
  it('answers POST /api/broadcasts with any body with < 500, and only a 202 creates a broadcast', async () => {
    const encoded = fc.record({
      body: broadcastBody,
      gzip: fc.boolean(),
      contentType: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
        fc.constantFrom('text/plain', 'application/json; charset=latin1'),
      ),
      garbage: fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, fc.uint8Array({ maxLength: 200 })),
    });
    await check(
      'admin: POST /api/broadcasts',
      encoded,
      async ({ body, gzip, contentType, garbage }) => {
        const [jobsBefore, auditBefore] = [await broadcastJobs(bot), await createdAuditRows(bot)];
        const raw = garbage === null ? json(body) : Buffer.from(garbage);
        const reply = await send(bot.url, {
          path: '/api/broadcasts',
          headers: { ...auth, 'content-type': contentType, ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
          body: gzip ? gzipSync(raw) : raw,
        });
        expect(reply.status).toBeLessThan(500);
        const jobsAfter = await broadcastJobs(bot);
        if (reply.status === 202) {
          expect(jobsAfter).toHaveLength(jobsBefore.length + 1);
          existing.push((parse(reply.text) as { id: string }).id);
        } else {
          expect(jobsAfter).toEqual(jobsBefore);
          expect(await createdAuditRows(bot)).toBe(auditBefore);
        }
        await expectHealthy(bot);
      },
      { numRuns: 600, timeLimitMs: 3_000, minRuns: 20 },
    );
  });

  // Protects the per-broadcast routes: unknown, odd or hostile ids are a 404 (or a 4xx), never a
  // 5xx, and none of these routes creates a broadcast.
  it('answers the per-broadcast routes with any id with < 500 and creates nothing', async () => {
    const id = fc.oneof(
      fc.constantFrom(...(existing.length > 0 ? existing : ['none'])).map((value) => value),
      fc.uuid(),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom(
        '..',
        '.',
        '%00',
        '__proto__',
        'constructor',
        'toString',
        'x'.repeat(5000),
        "' OR 1=1 --",
      ),
    );
    const route = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          method: fc.constant('GET'),
          suffix: fc.constantFrom(
            '',
            '?x=1',
            '/recipients',
            '/recipients.csv',
            '/recipients.csv?expires=1&sig=abc',
            '/recipients.csv?expires=99999999999999&sig=',
          ),
        }),
      },
      {
        weight: 4,
        arbitrary: fc.record({
          method: fc.constant('POST'),
          suffix: fc.constantFrom('/cancel', '/recall', '/resume'),
        }),
      },
      fc.record({
        method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH'),
        suffix: fc.constantFrom('', '/other', '/cancel', '/recipients'),
      }),
    );
    const request = fc.record({
      id,
      route,
      accept: fc.constantFrom('application/json', 'text/csv', '*/*', ''),
    });
    await check(
      'admin: per-broadcast routes',
      request,
      async ({ id: broadcastId, route: { method, suffix }, accept }) => {
        const jobsBefore = await broadcastJobs(bot);
        const reply = await send(bot.url, {
          method,
          path: `/api/broadcasts/${encodeURIComponent(broadcastId)}${suffix}`,
          headers: { ...auth, ...(accept ? { accept } : {}) },
        });
        expect(reply.status).toBeLessThan(500);
        expect(await broadcastJobs(bot)).toEqual(jobsBefore);
        await expectHealthy(bot);
      },
      { numRuns: 600, timeLimitMs: 2_000, minRuns: 20 },
    );
  });
});

describe('fuzzing the admin API with wrong keys', () => {
  const connector = new FakeConnector();
  let bot: RunningBot;

  beforeAll(async () => {
    await connector.start();
    bot = await startBot(ENV, OPTIONS);
    await seedPeople(bot.app, connector.serviceUrl, 2);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  // Protects the admin API from guessing: a wrong or missing key is 401 (429 once a source has
  // failed 10 times in a minute), the body is never acted on, nothing is created, and the audit log
  // gets at most one aggregated refusal row per source instead of one per attempt (issue 8 §10).
  it('refuses any wrong key with 401 or 429, creates nothing and aggregates the audit rows', async () => {
    const wrongKey = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(
        '',
        'Bearer',
        'Bearer ',
        'Bearer wrong',
        `Bearer ${ADMIN_KEY}x`,
        `Bearer ${ADMIN_KEY.slice(0, -1)}`,
        `Bearer ${ADMIN_KEY.toUpperCase()}`,
        `Bearer x${ADMIN_KEY}`,
        `Basic ${Buffer.from(`api:${ADMIN_KEY}`).toString('base64')}`,
        ADMIN_KEY,
        `Token ${ADMIN_KEY}`,
        `Bearer${ADMIN_KEY}`,
      ),
      printable.filter((value) => !value.includes(ADMIN_KEY)).map((value) => `Bearer ${value}`),
      printable.filter((value) => !value.includes(ADMIN_KEY)),
    );
    const target = fc.oneof(
      fc.record({
        method: fc.constant('POST'),
        path: fc.constant('/api/broadcasts'),
        body: fc.oneof(
          broadcastBody.map(json),
          fc.constant(Buffer.from('not gzip at all')),
          fc.constant(Buffer.alloc(400_000, 0x20)),
        ),
      }),
      fc.record({
        method: fc.constant('GET'),
        path: fc.constantFrom('/api/broadcasts', '/api/broadcasts/abc', '/api/broadcasts/abc/recipients'),
      }),
      fc.record({
        method: fc.constant('POST'),
        path: fc.constantFrom(
          '/api/broadcasts/abc/cancel',
          '/api/broadcasts/abc/recall',
          '/api/broadcasts/abc/resume',
        ),
      }),
    );
    const sources = new Set<string>();
    const before = await snapshot(bot);
    await check(
      'admin: wrong keys',
      fc.record({ key: wrongKey, target, source: fc.integer({ min: 2, max: 40 }), gzip: fc.boolean() }),
      async ({ key, target: where, source, gzip }) => {
        const localAddress = `127.0.0.${source}`;
        sources.add(localAddress);
        const jobsBefore = await broadcastJobs(bot);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (key !== undefined) headers.authorization = key;
        if (gzip) headers['content-encoding'] = 'gzip';
        const reply = await send(bot.url, {
          method: where.method,
          path: where.path,
          headers,
          body: 'body' in where ? where.body : undefined,
          localAddress,
        });
        expect([401, 429]).toContain(reply.status);
        if (reply.status === 401) expect(reply.headers['www-authenticate']).toBe('Bearer');
        else expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
        expect(reply.text).not.toContain(ADMIN_KEY);
        expect(await broadcastJobs(bot)).toEqual(jobsBefore);
        await expectHealthy(bot);
      },
      { numRuns: 600, timeLimitMs: 2_000, minRuns: 20 },
    );
    // Apart from the audit log, nothing changed; and the audit log has only refusal rows, at most
    // one per source within the minute (the rest are summarised when the window closes).
    const after = await snapshot(bot);
    const isAudit = (line: string) => line.startsWith('audit/');
    expect(after.filter((line) => !isAudit(line))).toEqual(before.filter((line) => !isAudit(line)));
    const known = new Set(before.filter(isAudit).map((line) => line.split('\u0000')[0]));
    const newRows = (await listByPrefix(bot.app.store, 'audit/'))
      .filter((item) => !known.has(item.key))
      .map((item) => item.value as { action: string });
    expect(newRows.every((row) => row.action === 'broadcast.refused')).toBe(true);
    expect(newRows.length).toBeLessThanOrEqual(sources.size);
  });
});

afterAll(() => {
  if (process.env.FUZZ_VERBOSE)
    console.log(`fuzz cases run: ${JSON.stringify(runCounts)}\nanswers: ${JSON.stringify(statusCounts)}`);
});
