import * as crypto from 'node:crypto';
import { messageFrom } from '../helpers/activities';
import { FakeConnector } from '../helpers/fakeConnector';
import { FakeOpenIdServer, FixedTokenCredentialsFactory } from '../helpers/openIdServer';
import { startBot, type RunningBot } from '../helpers/server';

const APP_ID = '00000000-0000-0000-0000-00000000a99d';
const TENANT = '11111111-2222-3333-4444-555555555555';

/** With credentials configured, only Bot Framework tokens signed by the channel are accepted. */
describe('POST /api/messages with Bot Framework credentials', () => {
  const openId = new FakeOpenIdServer();
  const connector = new FakeConnector();
  let bot: RunningBot;

  beforeAll(async () => {
    // CloudAdapter reports every refused token on console.error; the assertions below cover them.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await openId.start();
    await connector.start();
    bot = await startBot(
      { BOT_ID: APP_ID, BOT_PASSWORD: 'not-used-in-tests', BOT_TENANT_ID: TENANT, BOT_TYPE: 'SingleTenant' },
      {
        authentication: {
          endpoints: openId.endpoints(),
          credentialsFactory: new FixedTokenCredentialsFactory(APP_ID),
        },
      },
    );
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await bot.stop();
    await connector.stop();
    await openId.stop();
  });

  const activity = () =>
    messageFrom('help with outlook', { serviceUrl: connector.serviceUrl, tenantId: TENANT });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it("accepts a valid channel token and replies with the bot's own credentials", async () => {
    const before = connector.requests.length;
    const token = openId.channelToken({ audience: APP_ID, serviceUrl: connector.serviceUrl });
    const response = await bot.post(activity(), bearer(token));
    expect(response.status).toBe(200);
    await connector.waitForRequests(before + 1);
    expect(connector.requests[before].authorization).toBe('Bearer outbound-test-token');
  });

  it.each([
    ['no Authorization header', () => ({})],
    ['a token that is not a JWT', () => bearer('not-a-token')],
    [
      'a token signed with another key',
      () =>
        bearer(
          openId.channelToken(
            { audience: APP_ID, serviceUrl: connector.serviceUrl },
            {
              key: crypto
                .generateKeyPairSync('rsa', { modulusLength: 2048 })
                .privateKey.export({ format: 'pem', type: 'pkcs8' })
                .toString(),
            },
          ),
        ),
    ],
    [
      'an HS256 token',
      () =>
        bearer(
          openId.channelToken(
            { audience: APP_ID, serviceUrl: connector.serviceUrl },
            { key: 'shared-secret', algorithm: 'HS256' },
          ),
        ),
    ],
    [
      'a token for another bot',
      () => bearer(openId.channelToken({ audience: 'someone-else', serviceUrl: connector.serviceUrl })),
    ],
  ])('rejects %s with 401 and sends nothing', async (_label, headers) => {
    const before = connector.requests.length;
    const response = await bot.post(activity(), headers());
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(connector.requests).toHaveLength(before);
  });

  it('refuses a validly signed activity from another tenant with 403', async () => {
    const token = openId.channelToken({ audience: APP_ID, serviceUrl: connector.serviceUrl });
    const foreign = messageFrom('hi', { serviceUrl: connector.serviceUrl, tenantId: 'another-tenant' });
    const response = await bot.post(foreign, bearer(token));
    expect(response.status).toBe(403);
  });
});
