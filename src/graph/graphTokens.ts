import { ConfidentialClientApplication, type INetworkModule, type NodeAuthOptions } from '@azure/msal-node';
import type { GraphSettings } from '../config';
import { entraMetadata } from './entraMetadata';
import { FetchNetworkClient } from './fetchNetworkClient';
import { GraphError } from './graphErrors';
import { graphResourceOrigin } from './odata';

/** Bearer tokens for Graph calls. */
export interface GraphTokenProvider {
  /**
   * An app-only access token. Cached and reused until shortly before it expires; `refresh` skips
   * the cache (Graph answered 401 to the cached one).
   */
  token(options?: { readonly refresh?: boolean }): Promise<string>;
}

export type GraphTokenSettings = Pick<
  GraphSettings,
  'clientId' | 'tenantId' | 'credential' | 'authorityHost' | 'baseUrl' | 'requestTimeoutMs'
>;

/** App-only tokens carry every application permission granted for the resource: `<Graph>/.default`. */
export function graphScope(baseUrl: string): string {
  return `${graphResourceOrigin(baseUrl)}/.default`;
}

/** Entra did not issue a token: wrong secret or certificate, unknown app or tenant, no network. */
export class GraphAuthenticationError extends GraphError {
  constructor(code: string | undefined, message: string) {
    super(401, code, message, 'POST token endpoint');
    this.name = 'GraphAuthenticationError';
  }
}

/**
 * Client-credential tokens from msal-node's ConfidentialClientApplication, which keeps them in its
 * in-memory cache and hands the cached one back until it is near expiry. Callers that ask at the
 * same moment share one request, so a burst of Graph calls on a cold cache costs one token request.
 */
export class MsalGraphTokens implements GraphTokenProvider {
  private readonly application: ConfidentialClientApplication;
  private readonly scopes: string[];
  private pending?: Promise<string>;
  private pendingRefresh?: Promise<string>;

  constructor(
    private readonly settings: GraphTokenSettings,
    /** Where msal sends its token requests; tests route them to a loopback fake. */
    networkClient: INetworkModule = new FetchNetworkClient(settings.requestTimeoutMs),
  ) {
    const metadata = entraMetadata(settings.authorityHost, settings.tenantId);
    const credential = settings.credential;
    const auth: NodeAuthOptions = {
      clientId: settings.clientId,
      authority: metadata.authority,
      authorityMetadata: metadata.authorityMetadata,
      cloudDiscoveryMetadata: metadata.cloudDiscoveryMetadata,
      ...(credential.kind === 'secret'
        ? { clientSecret: credential.clientSecret }
        : {
            clientCertificate:
              credential.thumbprintAlgorithm === 'sha256'
                ? { thumbprintSha256: credential.thumbprint, privateKey: credential.privateKey }
                : { thumbprint: credential.thumbprint, privateKey: credential.privateKey },
          }),
    };
    this.application = new ConfidentialClientApplication({ auth, system: { networkClient } });
    this.scopes = [graphScope(settings.baseUrl)];
  }

  token(options: { readonly refresh?: boolean } = {}): Promise<string> {
    if (options.refresh) {
      this.pendingRefresh ??= this.acquire(true).finally(() => {
        this.pendingRefresh = undefined;
      });
      return this.pendingRefresh;
    }
    this.pending ??= this.acquire(false).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async acquire(skipCache: boolean): Promise<string> {
    try {
      const result = await this.application.acquireTokenByClientCredential({
        scopes: this.scopes,
        skipCache,
      });
      if (!result?.accessToken) throw new Error('the token endpoint answered without an access token');
      return result.accessToken;
    } catch (error) {
      const code = (error as { errorCode?: unknown }).errorCode;
      throw new GraphAuthenticationError(
        typeof code === 'string' ? code : undefined,
        `Could not get a Microsoft Graph token for app ${this.settings.clientId} in tenant ` +
          `${this.settings.tenantId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
