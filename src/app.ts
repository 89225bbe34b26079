import type { Logger } from 'pino';
import type { Server } from 'restify';
import { Assistant } from './assistant/assistant';
import { createAdapter, type AuthenticationOverrides } from './bot/adapter';
import { OnboardingConversation } from './assistant/onboardingConversation';
import { OnboardingBot } from './bot/onboardingBot';
import { ChecklistService } from './checklists/checklistService';
import { ProgressRepository } from './checklists/progressRepository';
import type { AppConfig } from './config';
import { loadGuide } from './guide/loadGuide';
import { createServer } from './http/server';
import { createLogger } from './logger';
import { ConversationReferences } from './state/conversationReferences';
import { SqliteStore } from './state/sqliteStore';
import type { Store } from './state/store';

export interface AppOptions {
  readonly store?: Store;
  readonly logger?: Logger;
  readonly authentication?: AuthenticationOverrides;
}

export interface App {
  readonly server: Server;
  readonly assistant: Assistant;
  readonly conversations: ConversationReferences;
  readonly progress: ProgressRepository;
  readonly store: Store;
  /** Starts listening; resolves with the bound port (useful with PORT=0). */
  start(): Promise<number>;
  stop(): Promise<void>;
}

/** Builds the whole service from a validated configuration. Throws on a bad guide file. */
export function createApp(config: AppConfig, options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger(config.logLevel);
  const guide = loadGuide(config.guideFile, config.organisation);
  const store = options.store ?? SqliteStore.inDataDir(config.dataDir);
  const assistant = new Assistant(guide, config.organisation);
  const conversations = new ConversationReferences(store);
  const progress = new ProgressRepository(store);
  const checklists = new ChecklistService(guide, progress);
  const bot = new OnboardingBot(
    assistant,
    new OnboardingConversation(assistant, checklists),
    conversations,
    logger,
  );
  const adapter = createAdapter(config, logger, options.authentication);
  const server = createServer({
    adapter,
    bot,
    logger,
    allowedTenantIds: config.allowedTenantIds,
    maxBodyBytes: config.maxBodyBytes,
    health: () => ({ mode: config.credentials ? 'bot-framework' : 'local', topics: guide.topics.length }),
  });

  return {
    server,
    assistant,
    conversations,
    progress,
    store,
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const address = server.address();
          logger.info(
            {
              url: `http://${config.host}:${address.port}/api/messages`,
              mode: config.credentials ? 'bot-framework' : 'local',
            },
            'Bot listening',
          );
          resolve(address.port);
        });
      }),
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
