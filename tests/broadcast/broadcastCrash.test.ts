import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConversationReferences } from '../../src/state/conversationReferences';
import { SqliteStore } from '../../src/state/sqliteStore';
import { api, ADMIN_KEY, personalConversation, waitForBroadcast } from '../helpers/broadcastFixtures';
import { buildService, killHard, startBotProcess } from '../helpers/botProcess';
import { FakeTeamsConnector } from '../helpers/fakeTeamsConnector';

const RECIPIENTS = 2000;
const CONCURRENCY = 8;

/** A broadcast to 2,000 people survives SIGKILL part way: nobody skipped, duplicates only in flight. */
describe('Broadcast across a crash', () => {
  beforeAll(() => buildService(), 60_000);

  it('delivers to all 2,000 after a kill -9 and a restart, with no duplicate outside the in-flight window', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadcast-crash-'));
    const connector = new FakeTeamsConnector();
    await connector.start();
    const seed = SqliteStore.inDataDir(dataDir);
    const conversations = new ConversationReferences(seed);
    for (let i = 0; i < RECIPIENTS; i++) {
      await conversations.record(personalConversation(connector.serviceUrl, `p${i}`));
    }
    await seed.close();

    const env = {
      DATA_DIR: dataDir,
      GUIDE_FILE: path.resolve(__dirname, '../../content/guide.yaml'),
      ADMIN_API_KEY: ADMIN_KEY,
      BROADCAST_RATE_PER_SECOND: '500',
      BROADCAST_CONCURRENCY: String(CONCURRENCY),
      LOG_LEVEL: 'info',
    };
    try {
      const first = await startBotProcess(env);
      const created = await api(first.url, 'POST', '/api/broadcasts', {
        checklist: 'setup',
        audience: { kind: 'all' },
      });
      expect(created.body).toMatchObject({ recipients: RECIPIENTS });
      while (connector.delivered.size < 700) await new Promise((resolve) => setTimeout(resolve, 5));
      await killHard(first);
      const deliveredBeforeCrash = connector.delivered.size;
      expect(deliveredBeforeCrash).toBeLessThan(RECIPIENTS);

      const second = await startBotProcess(env);
      try {
        const status = await waitForBroadcast(
          second.url,
          String(created.body.id),
          (body) => body.state === 'completed',
          60_000,
        );
        expect(status).toMatchObject({ total: RECIPIENTS, sent: RECIPIENTS, failed: 0, pending: 0 });
      } finally {
        await killHard(second);
      }

      const perConversation = Array.from({ length: RECIPIENTS }, (_, i) =>
        connector.deliveriesTo(`a:1on1-29:p${i}`),
      );
      expect(perConversation.filter((count) => count === 0)).toHaveLength(0);
      const duplicates = perConversation.reduce((sum, count) => sum + count - 1, 0);
      // Only a copy in flight when the process died (at most one per concurrent sender) can arrive twice.
      expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
      console.log(
        `crash test: ${deliveredBeforeCrash} delivered before SIGKILL, ${RECIPIENTS} after restart, ${duplicates} duplicate(s)`,
      );
    } finally {
      await connector.stop();
    }
  }, 120_000);
});
