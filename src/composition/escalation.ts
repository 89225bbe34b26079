import type { Logger } from 'pino';
import type { AdminConversation } from '../admin/adminConversation';
import type { Clock } from '../clock';
import type { AppConfig } from '../config';
import { SingleOwnerDuty, type Leases } from '../coordination/leases';
import { AskItOffers } from '../escalation/askItOffer';
import { EscalationDesk } from '../escalation/escalationDesk';
import { ESCALATION_PREFIX, EscalationRepository } from '../escalation/escalationRepository';
import { MESSAGE_HISTORY_PREFIX, MessageHistory } from '../escalation/messageHistory';
import { lastChangeOf, Retention } from '../privacy/retention';
import { RetentionSchedule } from '../privacy/retentionSchedule';
import type { ConversationReferences } from '../state/conversationReferences';
import type { Store } from '../state/store';
import type { Checklists } from './checklists';
import type { Teams } from './teams';

const RETENTION_LEASE_TTL_MS = 60_000;

export interface EscalationDependencies {
  readonly config: AppConfig;
  readonly store: Store;
  readonly teams: Teams;
  readonly checklists: Checklists;
  readonly conversations: ConversationReferences;
  /** Who may list escalations. */
  readonly admin: Pick<AdminConversation, 'isAdmin'>;
  readonly leases: Leases;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** "Ask IT" and what it keeps: escalations, each person's last messages, and their retention. */
export interface Escalations {
  readonly desk: EscalationDesk;
  readonly offers: AskItOffers;
  readonly history: MessageHistory;
  readonly repository: EscalationRepository;
  /** What is kept about people and for how long; other features register their kinds here. */
  readonly retention: Retention;
  /** The daily purge, on one instance. */
  readonly retentionSchedule: RetentionSchedule;
}

export function createEscalations(deps: EscalationDependencies): Escalations {
  const { config, store, teams, checklists, logger, clock } = deps;
  const repository = new EscalationRepository(store);
  const history = new MessageHistory(store, clock);
  const desk = new EscalationDesk({
    repository,
    history,
    checklists: checklists.service,
    progress: checklists.progress,
    connector: teams.connector,
    conversations: deps.conversations,
    isAdmin: (actor) => deps.admin.isAdmin(actor),
    settings: {
      channelId: config.escalation.channelId,
      supportName: config.organisation.supportName,
      supportEmail: config.organisation.supportEmail,
      timezone: config.nudges.orgTimezone,
    },
    logger,
    clock,
  });
  const retention = new Retention(store, config.retentionDays);
  retention.register(ESCALATION_PREFIX, lastChangeOf);
  retention.register(MESSAGE_HISTORY_PREFIX, lastChangeOf);
  const duty = new SingleOwnerDuty(deps.leases, 'retention', RETENTION_LEASE_TTL_MS, (error) =>
    logger.warn({ err: error }, 'Could not renew the retention lease'),
  );
  const retentionSchedule = new RetentionSchedule(
    retention,
    duty,
    clock,
    (deleted) => logger.info({ deleted }, 'Deleted records older than the retention period'),
    (error) => logger.warn({ err: error }, 'Could not delete records older than the retention period'),
  );
  return { desk, offers: new AskItOffers(history), history, repository, retention, retentionSchedule };
}
