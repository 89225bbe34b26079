import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { TENANT_ID } from './activities';

/** The tab's Entra app in tests. */
export const TEST_TAB_CLIENT_ID = '1b6a5f2c-7c1e-4a8e-9a43-2f1c0e2b7d11';
export const TEST_TAB_DOMAIN = 'onboarding.test';

/** What a token says; anything left out gets a valid default. */
export interface EntraClaims {
  readonly oid?: string;
  readonly tenantId?: string;
  readonly name?: string;
  /** `aud`: default the test client id. */
  readonly audience?: string;
  /** `scp`: a space-separated list; default `access_as_user`. `null` leaves the claim out. */
  readonly scope?: string | null;
  /** v1 `https://sts.windows.net/{tid}/` or v2 `https://login.microsoftonline.com/{tid}/v2.0` (default). */
  readonly issuerForm?: 'v1' | 'v2';
  /** The tenant named in the issuer; default the token's own `tid`. */
  readonly issuerTenantId?: string;
  /** Replaces the issuer altogether. */
  readonly issuer?: string;
  /** Seconds from now; negative for an expired token. Default one hour. */
  readonly expiresIn?: number;
  /** Seconds from now the token becomes valid (`nbf`). Default now. */
  readonly notBefore?: number;
}

/** How a token is signed: by a published key (default: the newest), another key, a secret, or not at all. */
export interface TokenOptions {
  readonly keyId?: string;
  /** Signs with a key Entra never published (under a published key id). */
  readonly unpublishedKey?: boolean;
  /** HS256 with this secret (e.g. the client id), or `none`. */
  readonly algorithm?: 'RS256' | 'HS256' | 'none';
  readonly secret?: string;
}

const DEFAULT_OID = '0f0f0f0f-1111-4222-8333-444444444444';

/**
 * Plays Microsoft Entra ID on loopback for the tab: publishes a JWKS at `jwksUri` (with keys added
 * later to test rotation, and a switch to make it hang) and issues real RS256 access tokens in the
 * v1 or v2 form.
 */
export class FakeEntra {
  private readonly keys = new Map<string, crypto.KeyPairKeyObjectResult>();
  private readonly published: string[] = [];
  private readonly stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server?: http.Server;
  private hanging = false;
  private readonly held = new Set<http.ServerResponse>();
  /** How many times the key set was fetched. */
  fetches = 0;

  constructor() {
    this.addKey('entra-key-1');
  }

  get jwksUri(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/common/discovery/v2.0/keys`;
  }

  /** The newest published key id. */
  get currentKeyId(): string {
    return this.published[this.published.length - 1];
  }

  /** Publishes a new signing key (Entra's rotation) and makes it the default for new tokens. */
  addKey(keyId = `entra-key-${this.published.length + 1}`): string {
    this.keys.set(keyId, crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }));
    this.published.push(keyId);
    return keyId;
  }

  /** While on, key set requests are accepted and never answered. */
  hang(on: boolean): void {
    this.hanging = on;
    if (!on) for (const res of this.held) res.destroy();
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      if (!req.url?.startsWith('/common/discovery/v2.0/keys')) {
        res.statusCode = 404;
        res.end('{}');
        return;
      }
      this.fetches++;
      if (this.hanging) {
        this.held.add(res);
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          keys: this.published.map((kid) => ({
            ...(this.keys.get(kid) as crypto.KeyPairKeyObjectResult).publicKey.export({ format: 'jwk' }),
            kid,
            use: 'sig',
            kty: 'RSA',
          })),
        }),
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** A signed access token as Entra issues it for the tab's API. */
  token(claims: EntraClaims = {}, options: TokenOptions = {}): string {
    const tenantId = claims.tenantId ?? TENANT_ID;
    const issuerTenant = claims.issuerTenantId ?? tenantId;
    const form = claims.issuerForm ?? 'v2';
    const issuer =
      claims.issuer ??
      (form === 'v1'
        ? `https://sts.windows.net/${issuerTenant}/`
        : `https://login.microsoftonline.com/${issuerTenant}/v2.0`);
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      aud: claims.audience ?? TEST_TAB_CLIENT_ID,
      iss: issuer,
      iat: now,
      nbf: now + (claims.notBefore ?? 0),
      exp: now + (claims.expiresIn ?? 3600),
      tid: tenantId,
      oid: claims.oid ?? DEFAULT_OID,
      name: claims.name ?? 'Test Person',
      ver: form === 'v1' ? '1.0' : '2.0',
      ...(claims.scope === null ? {} : { scp: claims.scope ?? 'access_as_user' }),
    };
    const algorithm = options.algorithm ?? 'RS256';
    if (algorithm === 'none') {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${part({ alg: 'none', typ: 'JWT', kid: this.currentKeyId })}.${part(payload)}.`;
    }
    if (algorithm === 'HS256')
      return jwt.sign(payload, options.secret ?? TEST_TAB_CLIENT_ID, {
        algorithm: 'HS256',
        keyid: this.currentKeyId,
      });
    const keyId = options.keyId ?? this.currentKeyId;
    const pair = options.unpublishedKey ? this.stranger : this.keys.get(keyId);
    if (!pair) throw new Error(`No key ${keyId}`);
    return jwt.sign(payload, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), {
      algorithm: 'RS256',
      keyid: keyId,
    });
  }

  /** The token Teams SSO hands the tab for a person (the end-to-end world's shorthand). */
  accessToken(claims: {
    oid: string;
    tenantId?: string;
    name?: string;
    audience?: string;
    scope?: string;
  }): string {
    return this.token(claims);
  }
}
