import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { AuthenticationConstants, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import {
  DEFAULT_OPENID_LIMITS,
  installBoundedOpenIdMetadata,
  type OpenIdMetadataLimits,
} from './boundedOpenIdMetadata';
import { StrictAuthentication } from './strictAuthentication';
import { turnLogger } from './turnLogger';

/** However the key host behaves, a request's token check ends within this. */
const AUTHENTICATION_DEADLINE_MS = 10_000;

/** Replaces Bot Framework's public endpoints, e.g. with a local OpenID server in tests. */
export interface AuthenticationOverrides {
  readonly endpoints?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
  readonly credentialsFactory?: ServiceClientCredentialsFactory;
  /** Deadlines for the signing-key fetch (tests shorten them). */
  readonly openIdLimits?: OpenIdMetadataLimits;
}

function authenticationOptions(config: AppConfig): ConfigurationBotFrameworkAuthenticationOptions {
  const credentials = config.credentials;
  if (!credentials) return {}; // local mode: anonymous requests, no outbound token
  return {
    MicrosoftAppId: credentials.appId,
    MicrosoftAppPassword: credentials.password,
    MicrosoftAppType: credentials.appType,
    MicrosoftAppTenantId: credentials.tenantId,
  };
}

/** Outbound credentials for the configured mode (the adapter's replies and the broadcaster's calls). */
export function createCredentialsFactory(
  config: AppConfig,
  overrides: AuthenticationOverrides = {},
): ServiceClientCredentialsFactory {
  return (
    overrides.credentialsFactory ??
    new ConfigurationServiceClientCredentialFactory(authenticationOptions(config))
  );
}

/** CloudAdapter for the configured mode, with an error handler that logs and apologises. */
export function createAdapter(
  config: AppConfig,
  logger: Logger,
  overrides: AuthenticationOverrides = {},
): CloudAdapter {
  const endpoints = { ...authenticationOptions(config), ...overrides.endpoints };
  if (config.credentials) {
    installBoundedOpenIdMetadata(
      [
        endpoints.ToBotFromChannelOpenIdMetadataUrl ??
          AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
        endpoints.ToBotFromEmulatorOpenIdMetadataUrl ??
          AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      ],
      overrides.openIdLimits ?? DEFAULT_OPENID_LIMITS,
      (error) => logger.warn({ err: error }, 'Could not refresh the Bot Framework signing keys'),
    );
  }
  const authentication = new ConfigurationBotFrameworkAuthentication(
    endpoints,
    createCredentialsFactory(config, overrides),
  );
  const adapter = new CloudAdapter(new StrictAuthentication(authentication, AUTHENTICATION_DEADLINE_MS));
  adapter.onTurnError = async (context, error) => {
    const log = turnLogger(context, logger);
    log.error(
      {
        err: error,
        activityType: context.activity.type,
        activityName: context.activity.name,
        conversationId: context.activity.conversation?.id,
        userId: context.activity.from?.id,
      },
      'Unhandled error in a turn',
    );
    try {
      await context.sendActivity('Sorry, something went wrong on my side. Please try again in a minute.');
    } catch (sendError) {
      log.warn({ err: sendError }, 'Could not tell the user about the error');
    }
  };
  return adapter;
}
