import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/config';
import { loadGuide } from '../../src/guide/loadGuide';
import { ProgressRepository } from '../../src/checklists/progressRepository';
import { ConversationReferences } from '../../src/state/conversationReferences';
import { AzureTableStore } from '../../src/state/azureTableStore';
import { ALICE, BOB, cardActionFrom } from '../helpers/activities';
import { startAzurite, type RunningAzurite } from '../helpers/azurite';
import { api, ADMIN_KEY, personalConversation, waitForBroadcast } from '../helpers/broadcastFixtures';
import { buildService, killHard, startBotProcess, type BotProcess } from '../helpers/botProcess';
import { FakeConnector } from '../helpers/fakeConnector';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';
import { postActivity } from '../helpers/http';

const RECIPIENTS = 2000;
const CONCURRENCY = 8;
const CEILING = 100;

/** Three bot processes on one Azure Table (Azurite): shared work, one sender per job, one ceiling. */
describe('Several instances on shared Azure storage', () => {
  let azurite: RunningAzurite;
  beforeAll(async () => {
    buildService();
    azurite = await startAzurite();
  }, 90_000);
  afterAll(() => azurite.stop());

  function envFor(table: string): NodeJS.ProcessEnv {
    return {
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'multi-')),
      GUIDE_FILE: path.resolve(__dirname, '../../content/guide.yaml'),
      STORAGE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_TABLE: table,
      ADMIN_API_KEY: ADMIN_KEY,
      DOWNLOAD_LINK_SECRET: 'multi-instance-test-secret-0123456789',
      BROADCAST_RATE_PER_SECOND: String(CEILING),
      BROADCAST_CONCURRENCY: String(CONCURRENCY),
      LOG_LEVEL: 'info',
    };
  }

  it('sends a 2,000-person broadcast once each, within one ceiling, and finishes it when the sender is killed', async () => {
    const table = `multi${Date.now()}`;
    const connector = new FakeTeamsConnector();
    await connector.start();
    // A few people's first send is throttled, as Teams does under load.
    for (let i = 0; i < RECIPIENTS; i += 97) connector.failNext.set(`a:1on1-29:p${i}`, [429]);
    const seed = AzureTableStore.fromConnectionString(azurite.connectionString, table);
    const conversations = new ConversationReferences(seed);
    for (let i = 0; i < RECIPIENTS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, RECIPIENTS - i) }, (_, j) =>
          conversations.record(personalConversation(connector.serviceUrl, `p${i + j}`)),
        ),
      );
    }

    const instances: BotProcess[] = [];
    try {
      for (let i = 0; i < 3; i++) instances.push(await startBotProcess(envFor(table), 60_000));
      const created = await api(instances[1].url, 'POST', '/api/broadcasts', {
        checklist: 'setup',
        audience: { kind: 'all' },
      });
      expect(created.body).toMatchObject({ recipients: RECIPIENTS });
      const jobId = String(created.body.id);
      while (connector.delivered.size < 600) await new Promise((resolve) => setTimeout(resolve, 5));

      // The instance holding the job's lease is the sender: kill it mid-way.
      const lease = await seed.get(`lease/broadcast-job/${jobId}`);
      const holder = String((lease?.value as { holder: string }).holder);
      const sender = instances.find((instance) => holder.includes(`-${instance.child.pid}-`));
      expect(sender).toBeDefined();
      await killHard(sender as BotProcess);
      const deliveredBeforeCrash = connector.delivered.size;
      const survivors = instances.filter((instance) => instance !== sender);

      const killedAt = Date.now();
      const status = await waitForBroadcast(
        survivors[0].url,
        jobId,
        (body) => body.state === 'completed',
        90_000,
      );
      expect(status).toMatchObject({ total: RECIPIENTS, sent: RECIPIENTS, failed: 0, pending: 0 });

      const perConversation = Array.from({ length: RECIPIENTS }, (_, i) =>
        connector.deliveriesTo(`a:1on1-29:p${i}`),
      );
      expect(perConversation.filter((count) => count === 0)).toHaveLength(0);
      const duplicates = perConversation.reduce((sum, count) => sum + count - 1, 0);
      expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
      const busiest = connector.peakPerSecond();
      expect(busiest).toBeLessThanOrEqual(CEILING);
      console.log(
        `multi-instance: ${deliveredBeforeCrash} delivered before the sender was killed, ${RECIPIENTS} in the end, ` +
          `${duplicates} duplicate(s), busiest second ${busiest} calls (ceiling ${CEILING}), ` +
          `finished ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`,
      );
    } finally {
      await Promise.all(
        instances
          .filter((i) => i.child.exitCode === null && i.child.signalCode === null)
          .map((i) => killHard(i)),
      );
      await connector.stop();
      await seed.close();
    }
  }, 180_000);

  it('keeps every one of 50 parallel checklist presses spread over three instances', async () => {
    const table = `presses${Date.now()}`;
    const connector = new FakeConnector();
    await connector.start();
    const config = loadConfig({});
    const checklist = loadGuide(config.guideFile, config.organisation).checklist('setup');
    const steps = (checklist?.stages ?? []).flatMap((stage) => stage.steps.map((step) => step.id));
    const presses = Array.from({ length: 50 }, (_, i) => ({
      person: i % 2 === 0 ? ALICE : BOB,
      stepId: steps[Math.floor(i / 2) % steps.length],
    }));
    const instances: BotProcess[] = [];
    const store = AzureTableStore.fromConnectionString(azurite.connectionString, table);
    try {
      for (let i = 0; i < 3; i++) instances.push(await startBotProcess(envFor(table), 60_000));
      const responses = await Promise.all(
        presses.map(({ person, stepId }, i) =>
          postActivity(
            instances[i % 3].url,
            cardActionFrom(
              'checklist.done',
              { checklistId: 'setup', stepId },
              { serviceUrl: connector.serviceUrl, person },
            ),
          ),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(presses.map(() => 200));
      const progress = new ProgressRepository(store);
      for (const person of [ALICE, BOB]) {
        const expected = new Set(presses.filter((p) => p.person === person).map((p) => p.stepId));
        const stored = await progress.get(`aad:${person.aadObjectId}`);
        expect(new Set(Object.keys(stored.completed))).toEqual(expected);
        expect(stored.completionOrder).toHaveLength(expected.size);
      }
    } finally {
      await Promise.all(instances.map((i) => killHard(i)));
      await connector.stop();
      await store.close();
    }
  }, 120_000);
});
