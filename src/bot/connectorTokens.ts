import {
  AuthenticationConstants,
  type ServiceClientCredentials,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { ConnectorTokenProvider } from '../teams/connectorClient';

interface TokenCredentials {
  getToken(forceRefresh?: boolean): Promise<string>;
}

function hasGetToken(credentials: unknown): credentials is TokenCredentials {
  return typeof (credentials as TokenCredentials).getToken === 'function';
}

/**
 * Bearer tokens for the broadcaster's own connector calls, from the same Bot Framework credentials
 * the adapter uses (client secret or managed identity); none in local mode.
 */
export class BotFrameworkConnectorTokens implements ConnectorTokenProvider {
  private credentials?: Promise<ServiceClientCredentials>;

  constructor(
    private readonly factory: ServiceClientCredentialsFactory,
    private readonly appId: string | undefined,
  ) {}

  async token(): Promise<string | undefined> {
    if (!this.appId || (await this.factory.isAuthenticationDisabled())) return undefined;
    this.credentials ??= this.factory.createCredentials(
      this.appId,
      AuthenticationConstants.ToChannelFromBotOAuthScope,
      AuthenticationConstants.ToChannelFromBotLoginUrl,
      true,
    );
    const credentials = await this.credentials;
    if (hasGetToken(credentials)) return credentials.getToken();
    // Credentials that only know how to sign a request: let them sign one and read the header.
    let header: string | undefined;
    await credentials.signRequest({
      headers: {
        set: (name: string, value: string) => name.toLowerCase() === 'authorization' && (header = value),
      },
    } as never);
    return header?.replace(/^Bearer\s+/i, '');
  }
}
