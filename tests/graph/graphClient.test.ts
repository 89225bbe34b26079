import {
  createGraph,
  GraphClient,
  GraphError,
  GraphNotFoundError,
  GraphPermissionError,
  GraphThrottledError,
  GraphTimeoutError,
  GRAPH_PERMISSIONS,
  type Graph,
  type GraphOptions,
  type GraphPacer,
} from '../../src/graph';
import type { GraphSettings } from '../../src/config';
import { FakeGraph } from '../helpers/fakeGraph';

/** A pacer that runs everything at once and remembers the holds it was asked for. */
class RecordingPacer implements GraphPacer {
  readonly holds: number[] = [];
  run<T>(call: () => Promise<T>): Promise<T> {
    return call();
  }
  holdFor(ms: number): void {
    this.holds.push(ms);
  }
}

describe('Graph client', () => {
  let fake: FakeGraph;
  let waits: number[];

  /** Graph against the fake, with retry waits recorded instead of slept (unless `sleep` is given). */
  function graphWith(settings: Partial<GraphSettings> = {}, options: GraphOptions = {}): Graph {
    return createGraph(fake.settings(settings), {
      networkClient: fake.networkClient(),
      ...options,
      timing: {
        sleep: async (ms) => void waits.push(ms),
        random: () => 0.5,
        ...options.timing,
      },
    });
  }

  beforeEach(async () => {
    fake = new FakeGraph();
    await fake.start();
    waits = [];
  });

  afterEach(async () => {
    await fake.stop();
  });

  describe('tokens', () => {
    it('acquires one token for many calls, concurrent ones included, and sends it on each', async () => {
      const user = fake.addUser({ userPrincipalName: 'ana@contoso.com' });
      const graph = graphWith();
      await Promise.all(Array.from({ length: 10 }, () => graph.directory.userByUpnOrMail('ana@contoso.com')));
      for (let i = 0; i < 10; i++) await graph.directory.userByUpnOrMail(user.id);

      expect(fake.tokens.requests).toHaveLength(1);
      expect(fake.tokens.requests[0]).toMatchObject({
        host: 'login.microsoftonline.com',
        tenant: fake.tokens.tenantId,
        status: 200,
        form: {
          grant_type: 'client_credentials',
          client_id: fake.tokens.clientId,
          scope: 'https://graph.microsoft.com/.default',
        },
      });
      expect(fake.calls).toHaveLength(20);
      expect(fake.calls.every((call) => call.authorized && call.status === 200)).toBe(true);
    });

    it('gets a new token when the cached one is near expiry', async () => {
      fake.addUser({ userPrincipalName: 'ana@contoso.com' });
      // msal renews tokens within five minutes of expiry: a two-minute token is never reused.
      fake.tokens.lifetimeSeconds = 120;
      const graph = graphWith();
      await graph.directory.userByUpnOrMail('ana@contoso.com');
      await graph.directory.userByUpnOrMail('ana@contoso.com');
      expect(fake.tokens.requests).toHaveLength(2);
    });

    it('fetches a fresh token once when Graph answers 401 to the cached one', async () => {
      fake.addUser({ userPrincipalName: 'ana@contoso.com' });
      const graph = graphWith();
      await graph.directory.userByUpnOrMail('ana@contoso.com');
      fake.tokens.expireAll();
      await expect(graph.directory.userByUpnOrMail('ana@contoso.com')).resolves.toBeDefined();
      expect(fake.tokens.requests).toHaveLength(2);
      expect(fake.calls.map((call) => call.status)).toEqual([200, 401, 200]);
    });

    it('names the app and tenant when Entra refuses the secret, and never shows the secret', async () => {
      const graph = graphWith({ credential: { kind: 'secret', clientSecret: 'not-the-secret' } });
      const failure = graph.directory.userByUpnOrMail('ana@contoso.com');
      await expect(failure).rejects.toThrow(
        /Could not get a Microsoft Graph token for app .* in tenant .*AADSTS7000215/,
      );
      await expect(failure).rejects.toMatchObject({
        name: 'GraphAuthenticationError',
        code: 'invalid_client',
      });
      await expect(failure).rejects.not.toThrow(/not-the-secret/);
      expect(fake.calls).toHaveLength(0);
    });
  });

  describe('paging', () => {
    it('follows @odata.nextLink across three pages, lazily', async () => {
      const users = Array.from({ length: 5 }, (_, i) =>
        fake.addUser({ userPrincipalName: `u${i}@contoso.com` }),
      );
      const group = fake.addGroup(
        'Everyone',
        users.map((user) => user.id),
      );
      fake.api.pageSize = 2;
      const graph = graphWith();

      const members = [];
      for await (const member of graph.directory.transitiveUserMembers(group.id)) members.push(member);
      expect(members.map((member) => member.userPrincipalName)).toEqual(
        users.map((user) => user.userPrincipalName),
      );
      expect(fake.calls).toHaveLength(3);
      expect(fake.calls[1].query.$skiptoken).toBe('2');

      fake.calls.length = 0;
      for await (const member of graph.directory.transitiveUserMembers(group.id)) {
        expect(member.id).toBe(users[0].id);
        break;
      }
      expect(fake.calls).toHaveLength(1);
    });

    it('never sends the token to a nextLink on another host', async () => {
      const client = new GraphClient({
        baseUrl: 'https://graph.microsoft.com',
        tokens: { token: async () => 'token' },
        pacer: new RecordingPacer(),
        maxAttempts: 1,
        requestTimeoutMs: 1000,
        fetch: async () =>
          new Response(
            JSON.stringify({ value: [1], '@odata.nextLink': 'https://attacker.example/v1.0/users' }),
            {
              status: 200,
            },
          ),
      });
      const seen: number[] = [];
      const read = async () => {
        for await (const item of client.items<number>('/v1.0/users', { permission: 'User.Read.All' }))
          seen.push(item);
      };
      await expect(read()).rejects.toThrow(/another host: https:\/\/attacker\.example/);
      expect(seen).toEqual([1]);
    });
  });

  describe('throttling and retries', () => {
    it('waits for the Retry-After of a 429 (seconds), holds every caller, then succeeds', async () => {
      fake.addUser({ userPrincipalName: 'ana@contoso.com' });
      fake.forced.push({ status: 429, retryAfter: '3' });
      const pacer = new RecordingPacer();
      const graph = graphWith({}, { pacer });
      await expect(graph.directory.userByUpnOrMail('ana@contoso.com')).resolves.toBeDefined();
      expect(waits).toEqual([3000]);
      expect(pacer.holds).toEqual([3000]);
      expect(fake.calls.map((call) => call.status)).toEqual([429, 200]);
    });

    it('reads a Retry-After given as an HTTP date against the clock', async () => {
      fake.addUser({ userPrincipalName: 'ana@contoso.com' });
      const now = Date.parse('2026-03-02T10:00:00Z');
      fake.forced.push({ status: 503, retryAfter: new Date(now + 7000).toUTCString() });
      const graph = graphWith({}, { pacer: new RecordingPacer(), timing: { now: () => now } });
      await graph.directory.userByUpnOrMail('ana@contoso.com');
      expect(waits).toEqual([7000]);
    });

    it('really waits: the retry reaches Graph no sooner than Retry-After says', async () => {
      fake.addUser({ userPrincipalName: 'ana@contoso.com' });
      fake.forced.push({ status: 429, retryAfter: '1' });
      const graph = createGraph(fake.settings(), { networkClient: fake.networkClient() });
      await graph.directory.userByUpnOrMail('ana@contoso.com');
      const [throttled, retried] = fake.calls;
      expect(retried.at - throttled.at).toBeGreaterThanOrEqual(1000 - 5);
    });

    it('retries 503 and 504 without Retry-After with growing, jittered backoff', async () => {
      fake.addUser({ userPrincipalName: 'ana@contoso.com' });
      fake.forced.push({ status: 503 }, { status: 504 }, { status: 503 });
      const graph = graphWith({ maxAttempts: 4 }, { timing: { backoff: { baseMs: 100, maxMs: 10_000 } } });
      await expect(graph.directory.userByUpnOrMail('ana@contoso.com')).resolves.toBeDefined();
      // Random 0.5: three quarters of 100, 200, 400.
      expect(waits).toEqual([75, 150, 300]);
      expect(fake.calls).toHaveLength(4);
    });

    it('gives up after maxAttempts with GraphThrottledError', async () => {
      fake.addUser({ userPrincipalName: 'ana@contoso.com' });
      fake.forced.push(...Array.from({ length: 5 }, () => ({ status: 429, retryAfter: '1' })));
      const graph = graphWith({ maxAttempts: 3 }, { pacer: new RecordingPacer() });
      const failure = graph.directory.userByUpnOrMail('ana@contoso.com');
      await expect(failure).rejects.toBeInstanceOf(GraphThrottledError);
      await expect(failure).rejects.toMatchObject({ status: 429, attempts: 3, retryAfterMs: 1000 });
      expect(fake.calls).toHaveLength(3);
      expect(waits).toHaveLength(2);
    });

    it('gives up at once when Graph asks for a longer wait than allowed', async () => {
      fake.forced.push({ status: 429, retryAfter: '600' });
      const graph = graphWith({}, { pacer: new RecordingPacer() });
      await expect(graph.directory.groupName('g')).rejects.toMatchObject({
        name: 'GraphThrottledError',
        attempts: 1,
        retryAfterMs: 600_000,
      });
      expect(waits).toEqual([]);
    });

    it('keeps every Graph call, retries included, under the configured rate', async () => {
      const group = fake.addGroup('Admins', []);
      fake.forced.push({ status: 503 }, { status: 503 });
      const graph = graphWith({ ratePerSecond: 10, concurrency: 4 });
      const names = await Promise.all(Array.from({ length: 23 }, () => graph.directory.groupName(group.id)));
      expect(new Set(names)).toEqual(new Set(['Admins']));
      expect(fake.calls).toHaveLength(25);
      expect(fake.peakPerSecond()).toBeLessThanOrEqual(10);
      const times = fake.calls.map((call) => call.at);
      // 25 calls at 10 a second take at least two seconds (the first ten may start together).
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1900);
    });
  });

  describe('typed errors', () => {
    it('turns 403 into GraphPermissionError naming the permission the call needs', async () => {
      fake.api.revoked.add('User.Read.All');
      const graph = graphWith();
      const failure = graph.directory.userByUpnOrMail('ana@contoso.com');
      await expect(failure).rejects.toBeInstanceOf(GraphPermissionError);
      await expect(failure).rejects.toMatchObject({
        status: 403,
        permission: GRAPH_PERMISSIONS.users,
        code: 'Authorization_RequestDenied',
      });
      await expect(failure).rejects.toThrow(
        /needs the application permission User\.Read\.All with admin consent/,
      );
      expect(fake.calls).toHaveLength(1);
    });

    it("turns 404 into GraphNotFoundError, and other failures into GraphError with Graph's code", async () => {
      const graph = graphWith();
      await expect(
        graph.client.get('/v1.0/groups/missing', { permission: GRAPH_PERMISSIONS.groupMembers }),
      ).rejects.toBeInstanceOf(GraphNotFoundError);
      const failure = graph.client.get('/v1.0/nowhere', { permission: 'Directory.Read.All' });
      await expect(failure).rejects.toBeInstanceOf(GraphError);
      await expect(failure).rejects.toMatchObject({
        status: 400,
        code: 'BadRequest',
        request: 'GET /v1.0/nowhere',
      });
    });
  });

  describe('timeouts', () => {
    it('abandons a hung call after the request timeout and retries it, then gives up', async () => {
      fake.hang(true);
      const graph = graphWith({ requestTimeoutMs: 150, maxAttempts: 2 });
      const started = performance.now();
      const failure = graph.directory.groupName('g');
      await expect(failure).rejects.toBeInstanceOf(GraphTimeoutError);
      await expect(failure).rejects.toThrow(
        /did not answer GET \/v1\.0\/groups\/g.* within 150 ms \(2 attempts\)/,
      );
      expect(performance.now() - started).toBeLessThan(2000);
      expect(fake.calls).toHaveLength(2);
    });

    it('does not send a POST again after a timeout unless the caller says it is safe', async () => {
      fake.hang(true);
      const graph = graphWith({ requestTimeoutMs: 100, maxAttempts: 3 });
      await expect(
        graph.client.request('POST', '/v1.0/users/u/sendMail', { permission: 'Mail.Send', body: {} }),
      ).rejects.toBeInstanceOf(GraphTimeoutError);
      expect(fake.calls).toHaveLength(1);
    });

    it('stops when the caller aborts', async () => {
      fake.hang(true);
      const graph = graphWith({ requestTimeoutMs: 10_000 });
      const controller = new AbortController();
      const call = graph.client.get('/v1.0/groups/g', {
        permission: 'GroupMember.Read.All',
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(new Error('turn deadline')), 50);
      await expect(call).rejects.toThrow('turn deadline');
    });
  });
});
