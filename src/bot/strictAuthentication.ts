import type { Activity } from 'botbuilder';
import {
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';

import { ConnectorClientCache } from './connectorClientCache';

const UNAUTHORIZED = 401;

/**
 * Bot Framework authentication that answers every failed token check with 401. Out of the box a
 * token with a bad signature or the wrong algorithm surfaces as a plain error, which CloudAdapter
 * turns into 500; a caller with a bad token must be told 401, and nothing else must be revealed.
 */
export class StrictAuthentication extends BotFrameworkAuthentication {
  private readonly clients = new ConnectorClientCache();

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly deadlineMs: number,
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await withDeadline(this.inner.authenticateRequest(activity, authHeader), this.deadlineMs);
    } catch (error) {
      throw asAuthenticationError(error);
    }
    // A turn's replies go through the factory in this result, not through createConnectorFactory.
    const made = result.connectorFactory;
    if (!made) return result;
    return { ...result, connectorFactory: this.clients.factoryFor(result.claimsIdentity, () => made) };
  }

  async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    } catch (error) {
      throw asAuthenticationError(error);
    }
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.clients.factoryFor(claimsIdentity, () => this.inner.createConnectorFactory(claimsIdentity));
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.clients.userTokenClientFor(claimsIdentity, () =>
      this.inner.createUserTokenClient(claimsIdentity),
    );
  }

  getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('token check timed out')), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function asAuthenticationError(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AuthenticationError(`Unauthorized: ${message}`, UNAUTHORIZED);
}
