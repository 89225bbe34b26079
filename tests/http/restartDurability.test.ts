import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConversationReferences } from '../../src/state/conversationReferences';
import { SqliteStore } from '../../src/state/sqliteStore';
import { cardActionFrom, messageFrom } from '../helpers/activities';
import { buildService, killHard, startBotProcess } from '../helpers/botProcess';
import { FakeConnector } from '../helpers/fakeConnector';
import { invokeCard, postActivity } from '../helpers/http';
import { progressLineOf } from '../helpers/invokeCards';

/** Whatever was acknowledged survives `kill -9`: the real service process, its SQLite file, a restart. */
describe('Progress across a crash', () => {
  beforeAll(() => buildService(), 60_000);

  it('keeps every acknowledged step after SIGKILL and a restart on the same data', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-'));
    const connector = new FakeConnector();
    await connector.start();
    const env = { DATA_DIR: dataDir, GUIDE_FILE: path.resolve(__dirname, '../../content/guide.yaml') };
    try {
      const first = await startBotProcess(env);
      await postActivity(first.url, messageFrom('hi', { serviceUrl: connector.serviceUrl }));
      let card: unknown;
      for (const stepId of [
        'install-authenticator',
        'open-authenticator',
        'add-account',
        'close-authenticator',
        'send-test-request',
      ]) {
        const response = await postActivity(
          first.url,
          cardActionFrom(
            'checklist.done',
            { checklistId: 'setup', stepId },
            { serviceUrl: connector.serviceUrl },
          ),
        );
        card = invokeCard(response.body);
      }
      expect(progressLineOf(card)).toBe('13 of 29 steps done');
      await killHard(first);

      const second = await startBotProcess(env);
      try {
        const shown = invokeCard(
          (
            await postActivity(
              second.url,
              cardActionFrom(
                'checklist.show',
                { checklistId: 'setup' },
                { serviceUrl: connector.serviceUrl },
              ),
            )
          ).body,
        );
        expect(progressLineOf(shown)).toBe('13 of 29 steps done');
      } finally {
        await killHard(second);
      }
      // The conversation reference saved before the crash is there too (IT broadcasts need it).
      const store = SqliteStore.inDataDir(dataDir);
      expect((await new ConversationReferences(store).list()).map((saved) => saved.serviceUrl)).toEqual([
        connector.serviceUrl,
      ]);
      await store.close();
    } finally {
      await connector.stop();
    }
  }, 60_000);
});
