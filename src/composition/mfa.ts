import type { Logger } from 'pino';
import type { MfaChat } from '../admin/handlers/mfa';
import type { BroadcastService } from '../broadcast/broadcastService';
import type { ChecklistService } from '../checklists/checklistService';
import type { Clock } from '../clock';
import { SingleOwnerDuty, type Leases } from '../coordination/leases';
import type { AppConfig } from '../config';
import type { Graph } from '../graph';
import { MfaAdmin } from '../mfa/mfaAdmin';
import { MfaRefresher } from '../mfa/mfaRefresher';
import { MfaRefreshSchedule } from '../mfa/mfaRefreshSchedule';
import { MfaRegistrationRepository } from '../mfa/mfaRegistrationRepository';
import { MfaReminder } from '../mfa/mfaReminder';
import { MfaReport } from '../mfa/mfaReport';
import { StoredMfaStatus } from '../mfa/mfaStatus';
import type { ConversationReferences } from '../state/conversationReferences';
import type { Store } from '../state/store';

const SCHEDULE_LEASE_TTL_MS = 60_000;
const SCHEDULE_CHECK_MS = 60_000;

/** The store side, needed before the checklists: what Entra says of each person. */
export interface MfaRecords {
  readonly repository: MfaRegistrationRepository;
  /** Undefined while Graph is off: nobody's checklist or answers change. */
  readonly status?: StoredMfaStatus;
}

export function createMfaRecords(
  store: Store,
  graph: Graph | undefined,
  logger: Logger,
  clock: Clock,
): MfaRecords {
  const repository = new MfaRegistrationRepository(store, (key, error) =>
    logger.warn({ key, err: error }, 'Skipped a stored MFA registration record that is not valid'),
  );
  return { repository, status: graph ? new StoredMfaStatus(repository, () => clock().getTime()) : undefined };
}

export interface MfaDependencies {
  readonly config: AppConfig;
  readonly records: MfaRecords;
  readonly graph?: Graph;
  readonly leases: Leases;
  readonly conversations: ConversationReferences;
  readonly broadcasts: BroadcastService;
  readonly checklists: ChecklistService;
  readonly logger: Logger;
  readonly clock: Clock;
  /** How often the schedule's owner looks whether a refresh is due (tests shorten it). */
  readonly checkMs?: number;
}

/** MFA registration status: the refresh (scheduled on one instance, and on demand) and IT's report. */
export interface Mfa {
  readonly refresher: MfaRefresher;
  readonly schedule: MfaRefreshSchedule;
  readonly admin: MfaAdmin;
}

export function createMfa(deps: MfaDependencies): Mfa {
  const { config, records, graph, leases, logger, clock } = deps;
  const refresher = new MfaRefresher(records.repository, graph?.directory, leases, logger, clock, () =>
    records.status?.invalidate(),
  );
  const duty = new SingleOwnerDuty(leases, 'mfa-refresh', SCHEDULE_LEASE_TTL_MS, (error) =>
    logger.warn({ err: error }, 'Could not renew the MFA refresh lease'),
  );
  const schedule = new MfaRefreshSchedule(
    duty,
    refresher,
    config.mfa.refreshIntervalMs,
    deps.checkMs ?? SCHEDULE_CHECK_MS,
    (error) => logger.warn({ err: error }, 'Scheduled MFA refresh failed'),
  );
  const report = new MfaReport(records.repository, deps.conversations, graph !== undefined);
  const admin = new MfaAdmin(report, refresher, new MfaReminder(report, deps.broadcasts, deps.checklists));
  return { refresher, schedule, admin };
}

/** The admin conversation's part: the report for admins, the guide's answer for everyone else. */
export function mfaChat(admin: MfaAdmin, staffReply: MfaChat['staffReply']): MfaChat {
  return { admin, staffReply };
}
