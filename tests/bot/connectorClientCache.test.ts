import {
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { ConnectorClientCache } from '../../src/bot/connectorClientCache';
import { StrictAuthentication } from '../../src/bot/strictAuthentication';

/** A factory that makes a distinct stand-in client per call, or fails when told to. */
function countingFactory(made: string[], fail = false): () => ConnectorFactory {
  return () =>
    ({
      create: async (serviceUrl: string, audience?: string) => {
        made.push(`${serviceUrl} ${audience ?? ''}`);
        if (fail) throw new Error('credentials refused');
        return { serviceUrl, made: made.length } as unknown as ConnectorClient;
      },
    }) as ConnectorFactory;
}

describe('Connector clients reused across turns', () => {
  const teams = new ClaimsIdentity([{ type: 'aud', value: 'bot-app-id' }], true);

  it('makes one client per caller, service URL and audience, and reuses it', async () => {
    const cache = new ConnectorClientCache();
    const made: string[] = [];
    const first = await cache.factoryFor(teams, countingFactory(made)).create('https://smba.emea/', 'aud-1');
    const again = await cache.factoryFor(teams, countingFactory(made)).create('https://smba.emea/', 'aud-1');
    const otherUrl = await cache
      .factoryFor(teams, countingFactory(made))
      .create('https://smba.amer/', 'aud-1');
    const otherCaller = await cache
      .factoryFor(new ClaimsIdentity([{ type: 'aud', value: 'another-bot' }], true), countingFactory(made))
      .create('https://smba.emea/', 'aud-1');
    expect(again).toBe(first);
    expect(otherUrl).not.toBe(first);
    expect(otherCaller).not.toBe(first);
    expect(made).toEqual([
      'https://smba.emea/ aud-1',
      'https://smba.amer/ aud-1',
      'https://smba.emea/ aud-1',
    ]);
  });

  it('does not keep a client that could not be made', async () => {
    const cache = new ConnectorClientCache();
    const made: string[] = [];
    await expect(
      cache.factoryFor(teams, countingFactory(made, true)).create('https://smba.emea/'),
    ).rejects.toThrow('credentials refused');
    await cache.factoryFor(teams, countingFactory(made)).create('https://smba.emea/');
    expect(made).toHaveLength(2);
  });

  it('makes one OAuth token client per caller instead of one per turn', async () => {
    const cache = new ConnectorClientCache();
    let made = 0;
    const create = async () => ({ made: ++made }) as unknown as UserTokenClient;
    const first = await cache.userTokenClientFor(teams, create);
    expect(await cache.userTokenClientFor(teams, create)).toBe(first);
    const other = new ClaimsIdentity([{ type: 'aud', value: 'another-bot' }], true);
    expect(await cache.userTokenClientFor(other, create)).not.toBe(first);
    expect(made).toBe(2);
  });

  it('hands each turn a factory that reuses the client of earlier turns', async () => {
    const made: string[] = [];
    // What Bot Framework's authentication does: a new factory, making new clients, for every request.
    const inner = {
      authenticateRequest: async (): Promise<AuthenticateRequestResult> => ({
        claimsIdentity: teams,
        audience: 'aud-1',
        callerId: '',
        connectorFactory: countingFactory(made)(),
      }),
    } as unknown as BotFrameworkAuthentication;
    const authentication = new StrictAuthentication(inner, 1_000);
    const clients = [];
    for (let turn = 0; turn < 3; turn++) {
      const result = await authentication.authenticateRequest({} as never, 'Bearer x');
      clients.push(await result.connectorFactory?.create('https://smba.emea/', 'aud-1'));
    }
    expect(new Set(clients).size).toBe(1);
    expect(made).toEqual(['https://smba.emea/ aud-1']);
  });
});
