import type { AppConfig } from '../config';
import { createCredentialsFactory, type AuthenticationOverrides } from '../bot/adapter';
import { BotFrameworkConnectorTokens } from '../bot/connectorTokens';
import { TeamsConnectorClient, type ConnectorTokenProvider } from '../teams/connectorClient';
import { RateLimiter } from '../teams/rateLimiter';

/** The Teams infrastructure several subsystems share: one limiter for every call the bot starts. */
export interface Teams {
  readonly limiter: RateLimiter;
  readonly connector: TeamsConnectorClient;
}

export function createTeams(
  config: AppConfig,
  authentication?: AuthenticationOverrides,
  tokens?: ConnectorTokenProvider,
): Teams {
  const limiter = new RateLimiter(config.broadcast.ratePerSecond, config.broadcast.concurrency);
  const connectorTokens =
    tokens ??
    new BotFrameworkConnectorTokens(
      createCredentialsFactory(config, authentication),
      config.credentials?.appId,
    );
  return { limiter, connector: new TeamsConnectorClient(limiter, connectorTokens) };
}
