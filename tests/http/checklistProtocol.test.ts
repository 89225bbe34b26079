import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadGuide } from '../../src/guide/loadGuide';
import { SqliteStore } from '../../src/state/sqliteStore';
import { ALICE, cardActionFrom, messageFrom } from '../helpers/activities';
import { visibleText } from '../helpers/cards';
import { FakeConnector } from '../helpers/fakeConnector';
import { invokeCard, postActivity } from '../helpers/http';
import { progressLineOf } from '../helpers/invokeCards';
import { startBot, type RunningBot } from '../helpers/server';

const config = loadConfig({});
const journey = loadGuide(config.guideFile, config.organisation).checklist('setup');
const journeySteps = journey?.stages.flatMap((stage) => stage.steps.map((step) => step.id)) ?? [];

/** Checklist buttons over HTTP: invoke in, invoke response card out, state in SQLite. */
describe('Checklist actions through the real server', () => {
  let connector: FakeConnector;
  let bot: RunningBot;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checklist-'));
    bot = await startBot({ DATA_DIR: dataDir }, { store: SqliteStore.inDataDir(dataDir) });
  });
  afterEach(async () => {
    await bot.stop();
    await connector.stop();
  });

  const done = (stepId: string) =>
    cardActionFrom('checklist.done', { checklistId: 'setup', stepId }, { serviceUrl: connector.serviceUrl });

  it('answers a Done invoke with the updated card in the HTTP response', async () => {
    const response = await postActivity(bot.url, done('install-authenticator'));
    expect(response.status).toBe(200);
    const card = invokeCard(response.body);
    expect(progressLineOf(card)).toBe('9 of 29 steps done');
    expect(visibleText(card)).toContain('▶ Add your account to the authenticator and approve (0 of 5)');
    expect(connector.requests).toHaveLength(0);
  });

  it('posts the checklist card for "start setup" through the connector', async () => {
    await postActivity(bot.url, messageFrom('start setup', { serviceUrl: connector.serviceUrl }));
    await connector.waitForRequests(1);
    const card = (connector.postedActivities[0].attachments as { content: unknown }[])[0].content;
    expect(progressLineOf(card)).toBe('8 of 29 steps done');
  });

  it.each([
    [12, undefined],
    [60, undefined],
    [61, [ALICE.teamsId]],
    [500, [ALICE.teamsId]],
  ])('in a group chat of %i members, refresh lists %j', async (members, userIds) => {
    connector.memberCount = members;
    const group = {
      serviceUrl: connector.serviceUrl,
      conversationId: '19:group@thread.v2',
      conversationType: 'groupChat',
    };
    await postActivity(bot.url, messageFrom('start setup', group));
    await connector.waitForRequests(2);
    expect(connector.requests[0].path).toMatch(
      /^\/v3\/conversations\/19%3Agroup%40thread\.v2\/pagedmembers\?pageSize=61/,
    );
    const card = (connector.postedActivities[0].attachments as { content: { refresh: unknown } }[])[0]
      .content;
    const action = { type: 'Action.Execute', verb: 'checklist.show', data: { checklistId: 'setup' } };
    expect(card.refresh).toEqual(userIds ? { action, userIds } : { action });
  });

  it('50 parallel Done invokes, for every step and many for the same one, end in exactly the right state', async () => {
    const sameStep = Array.from({ length: 50 - journeySteps.length }, () => 'install-authenticator');
    const invokes = [...journeySteps, ...sameStep].map((stepId) => postActivity(bot.url, done(stepId)));
    const responses = await Promise.all(invokes);
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));

    const progress = await bot.app.progress.get(`aad:${ALICE.aadObjectId}`);
    expect(Object.keys(progress.completed).sort()).toEqual([...journeySteps].sort());
    expect(progress.completionOrder).toHaveLength(journeySteps.length);
    expect(new Set(progress.completionOrder).size).toBe(journeySteps.length);

    const final = invokeCard(
      (await postActivity(bot.url, cardActionFrom('checklist.show', { checklistId: 'setup' }))).body,
    );
    expect(progressLineOf(final)).toBe('29 of 29 steps done');
  });
});
