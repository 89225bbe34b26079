import type { Logger } from 'pino';
import type { Server } from 'restify';
import { createAdapter, type AuthenticationOverrides } from '../bot/adapter';
import type { OnboardingBot } from '../bot/onboardingBot';
import type { AppConfig } from '../config';
import { registerBroadcastApi } from '../http/broadcastApi';
import { ConnectionDrain } from '../http/connectionDrain';
import { FailedAdminAttempts } from '../http/failedAdminAttempts';
import { createServer } from '../http/server';
import type { Broadcasts } from './broadcasts';

export interface HttpDependencies {
  readonly config: AppConfig;
  readonly bot: OnboardingBot;
  readonly broadcasts: Broadcasts;
  readonly logger: Logger;
  readonly authentication?: AuthenticationOverrides;
  readonly health: () => Record<string, unknown>;
}

/** The HTTP face: Teams' messaging endpoint, the admin API and the connection drain for shutdown. */
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
  return { server, drain: new ConnectionDrain(server.server), failedAdminAttempts };
}
