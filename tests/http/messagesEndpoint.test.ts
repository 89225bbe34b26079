import { cardActionFrom, messageFrom, TENANT_ID } from '../helpers/activities';
import { buttonsOf, headingOf, visibleText } from '../helpers/cards';
import { FakeConnector } from '../helpers/fakeConnector';
import { startBot, type RunningBot } from '../helpers/server';

/** The HTTP protocol as Teams speaks it: the real server, and a fake Bot Connector on loopback. */
describe('POST /api/messages in local mode', () => {
  let connector: FakeConnector;
  let bot: RunningBot;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    bot = await startBot();
  });
  afterEach(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('posts the answer card back to the conversation through the connector', async () => {
    const activity = messageFrom('help with Outlook', { serviceUrl: connector.serviceUrl });
    const response = await bot.post(activity);
    expect(response.status).toBe(200);
    await connector.waitForRequests(1);

    const [request] = connector.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(
      `/v3/conversations/${encodeURIComponent(activity.conversation?.id as string)}/activities/${activity.id}`,
    );
    expect(request.body).toMatchObject({
      type: 'message',
      replyToId: activity.id,
      summary: expect.stringContaining('Outlook'),
    });
    const card = (request.body.attachments as { content: unknown }[])[0].content;
    expect(headingOf(card)).toBe('Re-configure Outlook on your Windows desktop or laptop');
    expect(buttonsOf(card).map((button) => button.title)).toEqual(
      expect.arrayContaining(['Outlook on your phone', 'Outlook on the web']),
    );
  });

  it('returns the replies in the response for deliveryMode expectReplies', async () => {
    const response = await bot.post({
      ...messageFrom('did my password expire?'),
      deliveryMode: 'expectReplies',
    });
    expect(response.status).toBe(200);
    const { activities } = response.body as { activities: { attachments: { content: unknown }[] }[] };
    expect(visibleText(activities[0].attachments[0].content)).toContain('Do NOT reset your password');
    expect(connector.requests).toHaveLength(0);
  });

  it('answers a card button with an invoke response and posts the topic as a new message', async () => {
    const response = await bot.post(
      cardActionFrom('showTopic', { topicId: 'mfa_enroll' }, { serviceUrl: connector.serviceUrl }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Add your account to the authenticator and approve',
    });
    await connector.waitForRequests(1);
    expect(headingOf((connector.postedActivities[0].attachments as { content: unknown }[])[0].content)).toBe(
      'Add your account to the authenticator and approve',
    );
  });

  it('keeps the conversation reference of every sender', async () => {
    await bot.post(messageFrom('hi', { serviceUrl: connector.serviceUrl }));
    await connector.waitForRequests(1);
    const saved = await bot.app.conversations.list();
    expect(saved).toEqual([
      expect.objectContaining({
        serviceUrl: connector.serviceUrl,
        tenantId: TENANT_ID,
        userAadObjectId: 'aad-alice',
      }),
    ]);
  });

  it.each([
    ['malformed JSON', '{"type": "message",'],
    ['a JSON array', '[1, 2, 3]'],
    ['an object without a type', '{"text": "hello"}'],
    ['a JSON string', '"message"'],
  ])('answers %s with 400 and does nothing', async (_label, body) => {
    const response = await bot.post(body);
    expect(response.status).toBe(400);
    expect(connector.requests).toHaveLength(0);
    expect(await bot.app.conversations.list()).toHaveLength(0);
  });

  it('answers an oversize body with 413', async () => {
    const response = await bot.post(
      messageFrom('x'.repeat(300 * 1024), { serviceUrl: connector.serviceUrl }),
    );
    expect(response.status).toBe(413);
    expect(connector.requests).toHaveLength(0);
  });

  it('ignores an unknown activity type politely', async () => {
    const response = await bot.post({
      ...messageFrom('', { serviceUrl: connector.serviceUrl }),
      type: 'somethingNew',
    });
    expect(response.status).toBe(200);
    expect(connector.requests).toHaveLength(0);
  });

  it('replies helpfully to a huge message text and keeps serving', async () => {
    await bot.post(messageFrom('why? '.repeat(10_000), { serviceUrl: connector.serviceUrl }));
    await connector.waitForRequests(1);
    expect(connector.postedActivities[0].text).toMatch(/Please ask one short question/);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', mode: 'local', topics: 13 });
  });
});

describe('Tenant restriction', () => {
  it('refuses activities from tenants that are not allowed, with 403, and keeps nothing', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const bot = await startBot({ ALLOWED_TENANT_IDS: 'tenant-allowed' });
    try {
      const refused = await bot.post(
        messageFrom('help', { serviceUrl: connector.serviceUrl, tenantId: 'tenant-other' }),
      );
      expect(refused.status).toBe(403);
      expect(await bot.app.conversations.list()).toHaveLength(0);

      const allowed = await bot.post(
        messageFrom('help', { serviceUrl: connector.serviceUrl, tenantId: 'tenant-allowed' }),
      );
      expect(allowed.status).toBe(200);
      await connector.waitForRequests(2);
      // One reply, and for a chat seen for the first time one read of the person's member record (UPN).
      expect(connector.requests.map((request) => request.method).sort()).toEqual(['GET', 'POST']);
      expect(connector.requests.find((request) => request.method === 'GET')?.path).toContain('/members/');
    } finally {
      await bot.stop();
      await connector.stop();
    }
  });
});
