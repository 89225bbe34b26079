import type { Admins } from '../admin/admins';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { createAdapter, type AuthenticationOverrides } from '../bot/adapter';
import type { OnboardingBot } from '../bot/onboardingBot';
import type { AppConfig } from '../config';
import { registerBroadcastApi } from '../http/broadcastApi';
import { ConnectionDrain } from '../http/connectionDrain';
import { FailedAdminAttempts } from '../http/failedAdminAttempts';
import { createServer } from '../http/server';
import { TabAuth } from '../http/tabAuth';
import { registerTabApi } from '../http/tabApi';
import { registerTabRolloutApi } from '../http/tabRolloutApi';
import { registerTabStatic } from '../http/tabStatic';
import type { MessageRate } from '../bot/messageRate';
import type { Broadcasts } from './broadcasts';
import type { Tab } from './tab';
import type { MfaAdmin } from '../mfa/mfaAdmin';
import { registerReportApi } from '../http/reportApi';
import type { Feedback } from './feedback';

export interface HttpDependencies {
  readonly config: AppConfig;
  readonly bot: OnboardingBot;
  readonly broadcasts: Broadcasts;
  readonly tab: Tab;
  /** MFA registration status for the Rollout page (its routes answer 404 while Graph is off). */
  readonly mfa?: MfaAdmin;
  /** Each person's question allowance, the same one the chat uses. */
  readonly messageRate: MessageRate;
  readonly admins: Pick<Admins, 'isAdmin'>;
  /** The unanswered-questions report (`/api/report`, behind the admin API key). */
  readonly report?: Feedback;
  readonly logger: Logger;
  readonly authentication?: AuthenticationOverrides;
  readonly health: () => Record<string, unknown>;
}

/**
 * The HTTP face: Teams' messaging endpoint, the admin API, the personal tab (its files and API) and
 * the connection drain for shutdown.
 */
export interface Http {
  readonly server: Server;
  readonly drain: ConnectionDrain;
  readonly failedAdminAttempts: FailedAdminAttempts;
}

export function createHttp(deps: HttpDependencies): Http {
  const { config, bot, broadcasts, logger } = deps;
  const server = createServer({
    adapter: createAdapter(config, logger, deps.authentication),
    bot,
    logger,
    allowedTenantIds: config.allowedTenantIds,
    maxBodyBytes: config.maxBodyBytes,
    turnDeadlineMs: config.turnDeadlineMs,
    health: deps.health,
  });
  const failedAdminAttempts = new FailedAdminAttempts(broadcasts.audit, (error) =>
    logger.warn({ err: error }, 'Could not audit refused admin attempts'),
  );
  registerBroadcastApi(server, {
    failedAttempts: failedAdminAttempts,
    downloadLinks: broadcasts.downloadLinks,
    broadcasts: broadcasts.service,
    audit: broadcasts.audit,
    adminApiKey: config.broadcast.adminApiKey,
    logger,
    maxBodyBytes: config.maxBodyBytes,
  });
  if (deps.report) {
    const { report } = deps;
    registerReportApi(server, {
      adminApiKey: config.broadcast.adminApiKey,
      failedAttempts: failedAdminAttempts,
      logger,
      maxBodyBytes: config.maxBodyBytes,
      report: report.report,
      examples: report.examples,
      audit: broadcasts.audit,
      understanding: report.understanding,
    });
  }
  registerTab(server, deps);
  return { server, drain: new ConnectionDrain(server.server), failedAdminAttempts };
}

const TAB_BODY_TIMEOUT_MS = 15_000;

function registerTab(server: Server, deps: HttpDependencies): void {
  const { config, broadcasts, tab, logger } = deps;
  const auth = new TabAuth(
    {
      validator: tab.validator,
      admins: deps.admins,
      logger,
      bodyLimits: { maxBytes: config.maxBodyBytes, timeoutMs: TAB_BODY_TIMEOUT_MS },
      onRefusedAdmin: (caller, path) =>
        broadcasts.audit.record({ actor: caller.actor, action: 'broadcast.refused', detail: { path } }),
    },
    config.tab.api?.scope ?? '',
  );
  registerTabRolloutApi(server, {
    auth,
    broadcasts: broadcasts.service,
    content: tab.rollout,
    mfa: deps.mfa?.refresher.enabled ? deps.mfa : undefined,
  });
  registerTabApi(server, {
    auth,
    guide: tab.guide,
    answers: tab.answers,
    checklists: tab.checklists,
    organisation: config.organisation,
    api: config.tab.api,
    logger,
    mayAsk: (personKey) => deps.messageRate.decide(personKey) === 'answer',
  });
  registerTabStatic(server, { assetsDir: config.tab.assetsDir, logger });
}
