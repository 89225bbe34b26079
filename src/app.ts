import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Assistant } from './assistant/assistant';
import type { AuditLog } from './broadcast/auditLog';
import type { BroadcastService } from './broadcast/broadcastService';
import type { DeliveryEngine, DeliveryEvents } from './broadcast/deliveryEngine';
import type { StatusCards } from './broadcast/statusCards';
import type { AuthenticationOverrides } from './bot/adapter';
import { NudgeScheduler } from './checklists/nudges';
import type { ProgressRepository } from './checklists/progressRepository';
import { systemClock, type Clock } from './clock';
import { createBroadcasts } from './composition/broadcasts';
import { createChecklists } from './composition/checklists';
import { createConversation } from './composition/conversation';
import { createEscalations, type Escalations } from './composition/escalation';
import { Admins } from './admin/admins';
import { createGraphAccess } from './composition/graph';
import { createHttp } from './composition/http';
import { createMfa, createMfaRecords, mfaChat, type Mfa } from './composition/mfa';
import { createTab } from './composition/tab';
import { createTeams } from './composition/teams';
import type { AppConfig } from './config';
import { loadGuide } from './guide/loadGuide';
import { Leases, SingleOwnerDuty } from './coordination/leases';
import { createLogger } from './logger';
import { ConversationReferences } from './state/conversationReferences';
import { openStore } from './state/openStore';
import type { Store } from './state/store';
import type { ConnectorTokenProvider } from './teams/connectorClient';
import type { SigningKeys } from './tab/entraTokenValidator';
import type { Graph } from './graph';
import type { INetworkModule } from '@azure/msal-node';

const NUDGE_LEASE_TTL_MS = 60_000;

/** This process among the instances sharing the store: host, process and a random part. */
function instanceId(): string {
  return `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export interface AppOptions {
  readonly store?: Store;
  readonly logger?: Logger;
  readonly authentication?: AuthenticationOverrides;
  /** Tokens for the broadcaster's connector calls (tests use a fixed one). */
  readonly connectorTokens?: ConnectorTokenProvider;
  /** Wait before retry N of a failed send (tests shorten it). */
  readonly deliveryBackoff?: (attempt: number) => number;
  readonly deliveryEvents?: DeliveryEvents;
  /** The clock everything goes by (tests move it). */
  readonly clock?: Clock;
  /** Where the tab API's token signing keys come from (default: ENTRA_JWKS_URI through jwks-rsa). */
  readonly tabSigningKeys?: SigningKeys;
  /** The longest a signing key fetch may take before the token is refused (tests shorten it). */
  readonly tabKeyFetchTimeoutMs?: number;
  /** msal-node's HTTP client for Graph's token endpoint (tests route it to a loopback Entra). */
  readonly graphNetworkClient?: INetworkModule;
  /** How often the MFA schedule's owner looks whether a refresh is due (tests shorten it). */
  readonly mfaCheckMs?: number;
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
  /** Microsoft Graph; undefined when GRAPH_* is not configured. */
  readonly graph?: Graph;
  /** MFA registration status from Entra ID: refresh, report, reminders (off while Graph is off). */
  readonly mfa: Mfa;
  /** "Ask IT": escalations to IT's channel, message history, and the retention purge. */
  readonly escalations: Escalations;
  /** Starts listening; resolves with the bound port (useful with PORT=0). */
  start(): Promise<number>;
  /**
   * Stops accepting, lets in-flight turns and broadcast sends finish for at most the grace period
   * (SHUTDOWN_GRACE_MS), then closes the store. Unfinished sends resume on the next start.
   */
  stop(): Promise<void>;
}

/**
 * The composition root: builds the whole service from a validated configuration, one subsystem at
 * a time in dependency order, each from `src/composition/`. Throws on a bad guide file.
 */
export function createApp(config: AppConfig, options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const guide = loadGuide(config.guideFile, config.organisation);
  const store = options.store ?? openStore(config);
  const conversations = new ConversationReferences(
    store,
    (key, error) =>
      logger.warn({ key, err: error }, 'Skipped a stored conversation reference that is not valid'),
    clock,
  );

  // Single-owner work (sending a job, nudging) is held by leases in the shared store.
  const leases = new Leases(store, instanceId(), clock);
  const nudgeDuty = new SingleOwnerDuty(leases, 'nudges', NUDGE_LEASE_TTL_MS, (error) =>
    logger.warn({ err: error }, 'Could not renew the nudge lease'),
  );
  const teams = createTeams({
    config,
    store,
    logger,
    authentication: options.authentication,
    tokens: options.connectorTokens,
  });
  const graph = createGraphAccess({ config, store, logger, networkClient: options.graphNetworkClient });
  const admins = new Admins(
    {
      adminAadIds: config.broadcast.adminAadIds,
      groupId: config.broadcast.adminGroupId,
      cacheMs: config.broadcast.adminGroupCacheMs,
    },
    graph?.directory,
    logger,
  );
  const mfaRecords = createMfaRecords(store, graph, logger, clock);
  const checklists = createChecklists(guide, store, clock, mfaRecords.status);
  const broadcasts = createBroadcasts({
    config,
    guide,
    store,
    conversations,
    checklists,
    teams,
    logger,
    clock,
    leases,
    admins,
    deliveryBackoff: options.deliveryBackoff,
    graph,
  });
  if (options.deliveryEvents) broadcasts.delivery.events.subscribe(options.deliveryEvents);
  const nudges = new NudgeScheduler(
    store,
    checklists.progress,
    conversations,
    checklists.service,
    broadcasts.service,
    config.nudges,
    clock,
  );
  const escalations = createEscalations({
    config,
    store,
    teams,
    checklists,
    conversations,
    admin: broadcasts.admin,
    leases,
    logger,
    clock,
  });
  const conversation = createConversation({
    escalations,
    config,
    guide,
    store,
    conversations,
    checklists,
    broadcasts,
    reminders: nudges,
    logger,
    clock,
  });
  const mfa = createMfa({
    config,
    records: mfaRecords,
    graph,
    leases,
    conversations,
    broadcasts: broadcasts.service,
    checklists: checklists.service,
    logger,
    clock,
    checkMs: options.mfaCheckMs,
  });
  broadcasts.admin.useMfa(mfaChat(mfa.admin, (text) => conversation.assistant.replyTo(text).messages));
  const tab = createTab({
    config,
    guide,
    assistant: conversation.assistant,
    checklists,
    signingKeys: options.tabSigningKeys,
    keyFetchTimeoutMs: options.tabKeyFetchTimeoutMs,
  });
  const http = createHttp({
    config,
    bot: conversation.bot,
    mfa: mfa.admin,
    broadcasts,
    tab,
    messageRate: conversation.messageRate,
    admins,
    report: conversation.feedback,
    logger,
    authentication: options.authentication,
    health: () => ({ mode: config.credentials ? 'bot-framework' : 'local', topics: guide.topics.length }),
  });

  const { server } = http;
  return {
    server,
    assistant: conversation.assistant,
    broadcasts: broadcasts.service,
    delivery: broadcasts.delivery,
    audit: broadcasts.audit,
    statusCards: broadcasts.statusCards,
    nudges,
    conversations,
    progress: checklists.progress,
    store,
    graph,
    mfa,
    escalations,
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
          Promise.all([
            broadcasts.delivery.start(),
            nudgeDuty.start(),
            mfa.schedule.start(),
            escalations.retentionSchedule.start(),
            conversation.feedback.start(),
          ]).then(() => {
            nudges.start(undefined, () => nudgeDuty.isOwner);
            resolve(address.port);
          }, reject);
        });
      }),
    stop: async () => {
      nudges.stop();
      await nudgeDuty.stop();
      await mfa.schedule.stop();
      await escalations.retentionSchedule.stop();
      broadcasts.statusCards.stop();
      http.failedAdminAttempts.stop();
      // Both within the one grace period: no new sends start, the ones under way may finish.
      const [drained, checkpointed] = await Promise.all([
        http.drain.close(config.shutdownGraceMs),
        broadcasts.delivery.stop(config.shutdownGraceMs),
      ]);
      await conversation.memory
        .flush()
        .catch((error: unknown) => logger.warn({ err: error }, 'Could not save follow-up memory'));
      await escalations.history
        .flush()
        .catch((error: unknown) => logger.warn({ err: error }, 'Could not save message history'));
      await conversation.feedback
        .stop()
        .catch((error: unknown) => logger.warn({ err: error }, 'Could not save unanswered questions'));
      logger.info({ drained, checkpointed }, 'Stopped');
      await store.close();
    },
  };
}
