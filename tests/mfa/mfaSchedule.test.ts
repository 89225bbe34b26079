import { FakeGraph } from '../helpers/fakeGraph';
import { startBot, type RunningBot } from '../helpers/server';
import { MemoryStore } from '../../src/state/memoryStore';

const waitFor = async (condition: () => boolean, timeoutMs = 5000) => {
  const until = Date.now() + timeoutMs;
  while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
};
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Several instances on one store: exactly one refreshes, once per interval. */
describe('Scheduled MFA refresh', () => {
  const graph = new FakeGraph();
  beforeAll(() => graph.start());
  afterAll(() => graph.stop());

  it('two bot instances on one store read the report once per interval', async () => {
    for (let i = 0; i < 3; i++)
      graph.addUser({ id: `aad-${i}`, userPrincipalName: `p${i}@contoso.test`, isMfaRegistered: i === 0 });
    const store = new MemoryStore();
    let now = Date.parse('2026-06-01T08:00:00Z');
    const clock = () => new Date(now);
    const instances: RunningBot[] = [];
    const reads = () => graph.callsTo(/userRegistrationDetails/).length;
    try {
      for (let i = 0; i < 2; i++)
        instances.push(
          await startBot(
            { ...graph.env(), MFA_REFRESH_MINUTES: '60' },
            { store, clock, mfaCheckMs: 20, graphNetworkClient: graph.networkClient() },
          ),
        );
      // At start-up nothing was read yet: one instance reads it, the other never.
      await waitFor(() => reads() === 1);
      await settle(300);
      expect(reads()).toBe(1);

      // 59 minutes on: not due.
      now += 59 * 60_000;
      await settle(300);
      expect(reads()).toBe(1);

      // An hour after the first read: once more, by one of them.
      now += 2 * 60_000;
      await waitFor(() => reads() === 2);
      await settle(300);
      expect(reads()).toBe(2);
      expect((await store.get('mfa-refresh/state'))?.value).toMatchObject({
        status: 'ok',
        refreshedAt: new Date(now).toISOString(),
      });
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
    }
  });
});
