import type { Logger } from 'pino';
import type { Server } from 'restify';
import { Assistant } from './assistant/assistant';
import { AdminConversation } from './assistant/adminConversation';
import { AuditLog } from './broadcast/auditLog';
import { DownloadLinks } from './broadcast/downloadLinks';
import { StatusCards } from './broadcast/statusCards';
import { AudienceResolver } from './broadcast/audienceResolver';
import { BroadcastMessages } from './broadcast/broadcastMessages';
import { BroadcastRepository } from './broadcast/broadcastRepository';
import { BroadcastService } from './broadcast/broadcastService';
import { TeamsConnectorClient, type ConnectorTokenProvider } from './broadcast/connectorClient';
import { DeliveryEngine, type DeliveryEvents } from './broadcast/deliveryEngine';
import { RateLimiter } from './broadcast/rateLimiter';
import { createAdapter, createCredentialsFactory, type AuthenticationOverrides } from './bot/adapter';
import { BotFrameworkConnectorTokens } from './bot/connectorTokens';
import { registerBroadcastApi } from './http/broadcastApi';
import { ConnectionDrain } from './http/connectionDrain';
import { FailedAdminAttempts } from './http/failedAdminAttempts';
import { ConversationMemory } from './assistant/conversationMemory';
import { OnboardingConversation, type ReminderPreferences } from './assistant/onboardingConversation';
import { NudgeScheduler } from './checklists/nudges';
import { MessageRate } from './bot/messageRate';
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
  /** Tokens for the broadcaster's connector calls (tests use a fixed one). */
  readonly connectorTokens?: ConnectorTokenProvider;
  /** Wait before retry N of a failed send (tests shorten it). */
  readonly deliveryBackoff?: (attempt: number) => number;
  readonly deliveryEvents?: DeliveryEvents;
  /** The clock nudges go by (tests move it). */
  readonly clock?: () => Date;
}

export interface App {
  readonly server: Server;
  readonly assistant: Assistant;
  readonly conversations: ConversationReferences;
  readonly progress: ProgressRepository;
  readonly broadcasts: BroadcastService;
  readonly delivery: DeliveryEngine;
  readonly audit: AuditLog;
  readonly statusCards: StatusCards;
  readonly nudges: NudgeScheduler;
  readonly store: Store;
  /** Starts listening; resolves with the bound port (useful with PORT=0). */
  start(): Promise<number>;
  /**
   * Stops accepting, lets in-flight turns and broadcast sends finish for at most the grace period
   * (SHUTDOWN_GRACE_MS), then closes the store. Unfinished sends resume on the next start.
   */
  stop(): Promise<void>;
}

/** Builds the whole service from a validated configuration. Throws on a bad guide file. */
export function createApp(config: AppConfig, options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger(config.logLevel);
  const guide = loadGuide(config.guideFile, config.organisation);
  const store = options.store ?? SqliteStore.inDataDir(config.dataDir);
  const assistant = new Assistant(guide, config.organisation);
  const conversations = new ConversationReferences(store, (key, error) =>
    logger.warn({ key, err: error }, 'Skipped a stored conversation reference that is not valid'),
  );
  const progress = new ProgressRepository(store);
  const checklists = new ChecklistService(guide, progress);
  // What each person last asked about, shared by every instance (follow-ups such as "and on my phone?").
  const memory = new ConversationMemory(store);
  // Bound below, once the nudge scheduler exists.
  const reminderPreferences: { target?: NudgeScheduler } & ReminderPreferences = {
    stopReminders: async (personKey) => reminderPreferences.target?.stopReminders(personKey),
  };
  const bot = new OnboardingBot(
    assistant,
    new OnboardingConversation(assistant, checklists, reminderPreferences, memory),
    conversations,
    logger,
    new MessageRate(config.messageRate),
  );
  const adapter = createAdapter(config, logger, options.authentication);
  const limiter = new RateLimiter(config.broadcast.ratePerSecond, config.broadcast.concurrency);
  const connectorTokens =
    options.connectorTokens ??
    new BotFrameworkConnectorTokens(
      createCredentialsFactory(config, options.authentication),
      config.credentials?.appId,
    );
  const connector = new TeamsConnectorClient(limiter, connectorTokens);
  const broadcastRepository = new BroadcastRepository(store, (key, error) =>
    logger.warn({ key, err: error }, 'Skipped a stored broadcast record that is not valid'),
  );
  // Bound below, once the status cards exist (they need the broadcast service, which needs delivery).
  const deliveryEvents: DeliveryEvents = {};
  const audit = new AuditLog(store);
  const delivery = new DeliveryEngine(
    broadcastRepository,
    connector,
    limiter,
    new BroadcastMessages(checklists),
    conversations,
    audit,
    config.broadcast,
    logger,
    deliveryEvents,
    undefined,
    options.deliveryBackoff,
  );
  const broadcasts = new BroadcastService(
    broadcastRepository,
    new AudienceResolver(conversations, connector),
    delivery,
    checklists,
    progress,
    audit,
  );
  const server = createServer({
    adapter,
    bot,
    logger,
    allowedTenantIds: config.allowedTenantIds,
    maxBodyBytes: config.maxBodyBytes,
    turnDeadlineMs: config.turnDeadlineMs,
    health: () => ({ mode: config.credentials ? 'bot-framework' : 'local', topics: guide.topics.length }),
  });

  const drain = new ConnectionDrain(server.server);

  const downloadLinks = new DownloadLinks(config.broadcast.publicBaseUrl, config.broadcast.adminApiKey);
  const statusCards = new StatusCards(
    broadcasts,
    broadcastRepository,
    connector,
    downloadLinks,
    (id) => guide.checklist(id)?.title ?? id,
    config.broadcast.statusCardIntervalMs,
    config.nudges.orgTimezone,
  );
  deliveryEvents.onProgress = (jobId) => {
    statusCards.changed(jobId);
    options.deliveryEvents?.onProgress?.(jobId);
  };
  deliveryEvents.onPaused = (job) => {
    statusCards.finished(job);
    options.deliveryEvents?.onPaused?.(job);
  };
  deliveryEvents.onFinished = (job) => {
    statusCards.finished(job);
    options.deliveryEvents?.onFinished?.(job);
  };
  const admin = new AdminConversation(
    guide,
    broadcasts,
    statusCards,
    conversations,
    audit,
    config.broadcast.adminAadIds,
    config.nudges.orgTimezone,
  );
  bot.attachAdmin({ conversation: admin, broadcasts });
  const nudges = new NudgeScheduler(
    store,
    progress,
    conversations,
    checklists,
    broadcasts,
    config.nudges,
    options.clock,
  );
  reminderPreferences.target = nudges;

  const failedAdminAttempts = new FailedAdminAttempts(audit, (error) =>
    logger.warn({ err: error }, 'Could not audit refused admin attempts'),
  );
  registerBroadcastApi(server, {
    failedAttempts: failedAdminAttempts,
    downloadLinks,
    broadcasts,
    audit,
    adminApiKey: config.broadcast.adminApiKey,
    logger,
    maxBodyBytes: config.maxBodyBytes,
  });

  return {
    server,
    assistant,
    broadcasts,
    delivery,
    audit,
    statusCards,
    nudges,
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
          delivery.start().then(() => {
            nudges.start();
            resolve(address.port);
          }, reject);
        });
      }),
    stop: async () => {
      nudges.stop();
      statusCards.stop();
      failedAdminAttempts.stop();
      // Both within the one grace period: no new sends start, the ones under way may finish.
      const [drained, checkpointed] = await Promise.all([
        drain.close(config.shutdownGraceMs),
        delivery.stop(config.shutdownGraceMs),
      ]);
      await memory
        .flush()
        .catch((error: unknown) => logger.warn({ err: error }, 'Could not save follow-up memory'));
      logger.info({ drained, checkpointed }, 'Stopped');
      await store.close();
    },
  };
}
