import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { createCredentialsFactory, type AuthenticationOverrides } from '../bot/adapter';
import { BotFrameworkConnectorTokens } from '../bot/connectorTokens';
import type { Store } from '../state/store';
import { TeamsConnectorClient, type ConnectorTokenProvider } from '../teams/connectorClient';
import { RateLimiter } from '../teams/rateLimiter';
import { SharedPace } from '../teams/sharedPace';

export interface TeamsDependencies {
  readonly config: AppConfig;
  readonly store: Store;
  readonly logger: Logger;
  readonly authentication?: AuthenticationOverrides;
  /** Tokens for the connector calls (tests use a fixed one). */
  readonly tokens?: ConnectorTokenProvider;
}

/** The Teams infrastructure several subsystems share: one limiter for every call the bot starts. */
export interface Teams {
  readonly limiter: RateLimiter;
  readonly connector: TeamsConnectorClient;
}

export function createTeams(deps: TeamsDependencies): Teams {
  const { config, store, logger } = deps;
  // Teams' ceiling is per app and tenant: instances sharing Azure storage share one pace there.
  const shared =
    config.storage.kind === 'azure' ? new SharedPace(store, config.broadcast.ratePerSecond) : undefined;
  const limiter = new RateLimiter(
    config.broadcast.ratePerSecond,
    config.broadcast.concurrency,
    undefined,
    undefined,
    shared,
    (error) => logger.warn({ err: error }, 'Could not share a 429 hold with the other instances'),
  );
  const connectorTokens =
    deps.tokens ??
    new BotFrameworkConnectorTokens(
      createCredentialsFactory(config, deps.authentication),
      config.credentials?.appId,
    );
  return { limiter, connector: new TeamsConnectorClient(limiter, connectorTokens) };
}
