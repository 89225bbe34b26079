import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';

export const CHANNEL_ISSUER = 'https://api.botframework.com';

/**
 * Plays Bot Framework's token service on loopback: publishes OpenID metadata and signing keys, and
 * signs channel tokens the way the Teams channel does (RS256, key id, endorsements).
 */
export class FakeOpenIdServer {
  readonly keyId = 'test-key-1';
  private readonly keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server?: http.Server;

  get metadataUrl(): string {
    return `${this.baseUrl}/v1/.well-known/openidconfiguration`;
  }

  private get baseUrl(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/v1/.well-known/openidconfiguration')) {
        res.end(
          JSON.stringify({
            issuer: CHANNEL_ISSUER,
            jwks_uri: `${this.baseUrl}/v1/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
          }),
        );
      } else if (req.url?.startsWith('/v1/keys')) {
        const jwk = this.keys.publicKey.export({ format: 'jwk' });
        res.end(
          JSON.stringify({
            keys: [{ ...jwk, kid: this.keyId, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }],
          }),
        );
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  /** Endpoint settings that point Bot Framework authentication at this server. */
  endpoints(): Record<string, string> {
    return {
      ToBotFromChannelOpenIdMetadataUrl: this.metadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: this.metadataUrl,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      ToChannelFromBotLoginUrl: `${this.baseUrl}/botframework.com`,
      ToChannelFromBotOAuthScope: CHANNEL_ISSUER,
      OAuthUrl: `${this.baseUrl}/oauth`,
      CallerId: 'urn:botframework:azure',
    };
  }

  channelToken(
    claims: { audience: string; serviceUrl: string },
    options: { key?: crypto.KeyObject | string; algorithm?: jwt.Algorithm } = {},
  ): string {
    const algorithm = options.algorithm ?? 'RS256';
    const key = options.key ?? this.keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    return jwt.sign({ serviceurl: claims.serviceUrl }, key as jwt.Secret, {
      algorithm,
      keyid: this.keyId,
      issuer: CHANNEL_ISSUER,
      audience: claims.audience,
      expiresIn: '5m',
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** Outbound credentials that sign replies with a fixed token instead of calling Entra ID. */
export class FixedTokenCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly appId: string) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(): Promise<ServiceClientCredentials> {
    return {
      signRequest: async (request) => {
        request.headers.set('Authorization', 'Bearer outbound-test-token');
        return request;
      },
    };
  }
}
