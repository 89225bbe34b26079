import fc from 'fast-check';
import { TENANT_ID } from '../helpers/activities';
import { FakeEntra, TEST_TAB_CLIENT_ID, TEST_TAB_DOMAIN } from '../helpers/fakeEntra';
import { startBot, type RunningBot } from '../helpers/server';
import { storeContents } from '../helpers/storeContents';

/*
 * Property-based fuzzing of the tab API on the real server (loopback): generated bodies, paths and
 * Authorization headers never produce a 5xx, and a refused request changes nothing in the store.
 * Each property is bounded by runs and by time so that the file fits CI on two cores.
 */

const PERSON = 'f0f0f0f0-0000-4000-8000-00000000000f';
const ADMIN = 'adadadad-0000-4000-8000-0000000000ad';
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

async function holds<T>(
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  timeLimitMs: number,
) {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      runs++;
      await predicate(value);
    }),
    { numRuns: 400, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false, seed: SEED },
  );
  expect(runs).toBeGreaterThanOrEqual(10);
}

/** Any JSON value, including objects shaped almost like the real requests and prototype keys. */
const body = fc.oneof(
  fc.jsonValue(),
  fc.record({ done: fc.oneof(fc.boolean(), fc.jsonValue()) }, { requiredKeys: [] }),
  fc.record(
    { text: fc.oneof(fc.string({ maxLength: 5000 }), fc.jsonValue()), lastTopicId: fc.string() },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      checklist: fc.oneof(fc.constant('setup'), fc.string()),
      notice: fc.record({ title: fc.string(), text: fc.string() }, { requiredKeys: [] }),
      audience: fc.oneof(
        fc.record({ kind: fc.constantFrom('all', 'users', 'team', 'channels', 'group', '__proto__') }),
        fc.jsonValue(),
      ),
      sendAt: fc.oneof(
        fc.string(),
        fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      ),
    },
    { requiredKeys: [] },
  ),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}') as unknown),
);

const route = fc.constantFrom(
  'POST /api/tab/ask',
  'POST /api/tab/checklists/setup/steps/install-authenticator',
  'POST /api/tab/checklists/setup/steps/..%2f..',
  'POST /api/tab/checklists/__proto__/steps/constructor',
  'POST /api/tab/rollout/preview',
  'POST /api/tab/rollout/broadcasts',
  'POST /api/tab/rollout/broadcasts/none/remind',
  'POST /api/tab/rollout/broadcasts/none/recall',
  'GET /api/tab/rollout/broadcasts/%00',
  'GET /api/tab/checklists',
);

describe('fuzzing the tab API (real server, loopback)', () => {
  const entra = new FakeEntra();
  let bot: RunningBot;

  beforeAll(async () => {
    await entra.start();
    bot = await startBot({
      TAB_CLIENT_ID: TEST_TAB_CLIENT_ID,
      TAB_DOMAIN: TEST_TAB_DOMAIN,
      ENTRA_JWKS_URI: entra.jwksUri,
      ALLOWED_TENANT_IDS: TENANT_ID,
      ADMIN_AAD_IDS: ADMIN,
      USER_MESSAGE_BURST: '1000',
      USER_MESSAGES_PER_MINUTE: '6000',
    });
  });
  afterAll(async () => {
    await bot.stop();
    await entra.stop();
  });

  const call = async (method: string, path: string, authorization: string, payload?: string) => {
    const response = await fetch(`${bot.url}${path}`, {
      method,
      headers: { authorization, 'content-type': 'application/json' },
      body: payload,
    });
    return { status: response.status, text: await response.text() };
  };

  it('answers any body on any tab route with < 500, and a refusal changes nothing', async () => {
    await holds(
      fc.record({ route, body, admin: fc.boolean() }),
      async ({ route: spec, body: value, admin }) => {
        const [method, path] = spec.split(' ');
        const token = entra.token({ oid: admin ? ADMIN : PERSON });
        const before = await storeContents(bot.app.store);
        const reply = await call(
          method,
          path,
          `Bearer ${token}`,
          method === 'POST' ? (JSON.stringify(value) ?? 'null') : undefined,
        );
        expect(reply.status).toBeLessThan(500);
        // A refused Rollout call is audited on purpose; nothing else may change.
        const unaudited = (items: Awaited<ReturnType<typeof storeContents>>) =>
          items.filter((item) => !(reply.status === 403 && item.key.startsWith('audit/')));
        if (reply.status >= 400)
          expect(unaudited(await storeContents(bot.app.store))).toEqual(unaudited(before));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      },
      4_000,
    );
  });

  it('refuses any Authorization header that is not a valid token with 401 or 403, never more', async () => {
    const valid = entra.token({ oid: PERSON });
    const [header, payload, signature] = valid.split('.');
    const mutated = fc.oneof(
      fc.string({ maxLength: 300 }).map((text) => `Bearer ${text}`),
      fc.string({ maxLength: 100 }),
      fc.base64String({ maxLength: 400 }).map((text) => `Bearer ${header}.${text}.${signature}`),
      fc.base64String({ maxLength: 400 }).map((text) => `Bearer ${text}.${payload}.${signature}`),
      fc.base64String({ maxLength: 400 }).map((text) => `Bearer ${header}.${payload}.${text}`),
      fc
        .jsonValue()
        .map(
          (value) =>
            `Bearer ${Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url')}.${payload}.`,
        ),
    );
    await holds(
      mutated.filter((authorization) => authorization !== `Bearer ${valid}`),
      async (authorization) => {
        const reply = await call('GET', '/api/tab/checklists', authorization).catch(() => ({
          status: 400,
          text: '',
        }));
        expect([400, 401, 403]).toContain(reply.status);
      },
      3_000,
    );
  });
});
