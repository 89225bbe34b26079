import type { Admins } from '../admin/admins';
import type { Logger } from 'pino';
import { AdminConversation } from '../admin/adminConversation';
import { AppInstallation } from '../broadcast/appInstallation';
import { AudienceResolver } from '../broadcast/audienceResolver';
import { AuditLog } from '../broadcast/auditLog';
import { BroadcastMessages } from '../cards/broadcastMessages';
import { BroadcastRepository } from '../broadcast/broadcastRepository';
import { BroadcastService } from '../broadcast/broadcastService';
import { DeliveryEngine } from '../broadcast/deliveryEngine';
import { DownloadLinks } from '../broadcast/downloadLinks';
import { StatusCards } from '../broadcast/statusCards';
import type { AdaptiveCard } from '../cards/adaptiveCard';
import { broadcastStatusRenderer } from '../cards/broadcastStatusView';
import type { Clock } from '../clock';
import type { Leases } from '../coordination/leases';
import type { AppConfig } from '../config';
import type { Guide } from '../guide/types';
import type { Graph } from '../graph';
import type { ConversationReferences } from '../state/conversationReferences';
import type { Store } from '../state/store';
import type { Checklists } from './checklists';
import type { Teams } from './teams';

/** A dead sender's jobs are taken over within this plus one poll. */
const JOB_LEASE_TTL_MS = 10_000;
const JOB_POLL_MS = 3_000;

export interface BroadcastDependencies {
  /** Who may broadcast: ADMIN_AAD_IDS and the members of ADMIN_GROUP_ID. */
  readonly admins: Pick<Admins, 'isAdmin'>;
  readonly config: AppConfig;
  readonly guide: Guide;
  readonly store: Store;
  readonly conversations: ConversationReferences;
  readonly checklists: Checklists;
  readonly teams: Teams;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Who sends which job, when several instances share the store. */
  readonly leases: Leases;
  /** Wait before retry N of a failed send (tests shorten it). */
  readonly deliveryBackoff?: (attempt: number) => number;
  /** Microsoft Graph, when configured: Entra group audiences and app installs for people without it. */
  readonly graph?: Graph;
}

/** IT's broadcasts: the ledger, the sender, the status cards and the chat commands that drive them. */
export interface Broadcasts {
  readonly repository: BroadcastRepository;
  readonly audit: AuditLog;
  readonly delivery: DeliveryEngine;
  readonly service: BroadcastService;
  readonly statusCards: StatusCards<AdaptiveCard>;
  readonly downloadLinks: DownloadLinks;
  readonly admin: AdminConversation;
}

export function createBroadcasts(deps: BroadcastDependencies): Broadcasts {
  const { config, guide, store, conversations, checklists, teams, logger, clock } = deps;
  const repository = new BroadcastRepository(store, (key, error) =>
    logger.warn({ key, err: error }, 'Skipped a stored broadcast record that is not valid'),
  );
  const audit = new AuditLog(store, clock);
  const delivery = new DeliveryEngine({
    repository,
    connector: teams.connector,
    limiter: teams.limiter,
    renderer: new BroadcastMessages(checklists.service),
    conversations,
    audit,
    settings: config.broadcast,
    logger,
    clock,
    backoff: deps.deliveryBackoff,
    ownership: { leases: deps.leases, leaseTtlMs: JOB_LEASE_TTL_MS, pollMs: JOB_POLL_MS },
    installation: appInstallation(deps),
  });
  const service = new BroadcastService(
    repository,
    new AudienceResolver(conversations, teams.connector, deps.graph?.directory),
    delivery,
    checklists.service,
    checklists.progress,
    audit,
    clock,
  );
  const downloadLinks = new DownloadLinks(
    config.broadcast.publicBaseUrl,
    config.broadcast.downloadLinkSecret,
    () => clock().getTime(),
  );
  const statusCards = new StatusCards(
    service,
    repository,
    teams.connector,
    downloadLinks,
    broadcastStatusRenderer((id) => guide.checklist(id)?.title ?? id),
    config.broadcast.statusCardIntervalMs,
    config.nudges.orgTimezone,
    () => clock().getTime(),
  );
  delivery.events.subscribe({
    onProgress: (jobId) => statusCards.changed(jobId),
    onPaused: (job) => statusCards.finished(job),
    onFinished: (job) => statusCards.finished(job),
  });
  const admin = new AdminConversation(
    guide,
    service,
    statusCards,
    conversations,
    audit,
    deps.admins,
    config.nudges.orgTimezone,
    clock,
  );
  return { repository, audit, delivery, service, statusCards, downloadLinks, admin };
}

/** Installing the app for people who do not have it: with Graph and a manifest id (TEAMS_APP_ID or BOT_ID). */
function appInstallation(deps: BroadcastDependencies): AppInstallation | undefined {
  const { config, conversations, clock, graph } = deps;
  const manifestId = config.broadcast.teamsAppId;
  if (!graph || !config.graph || !manifestId) return undefined;
  return new AppInstallation(
    graph.directory,
    conversations,
    {
      manifestId,
      tenantId: config.graph.tenantId,
      botId: config.credentials?.appId ?? manifestId,
      defaultServiceUrl: config.broadcast.defaultServiceUrl,
    },
    () => clock().toISOString(),
  );
}
