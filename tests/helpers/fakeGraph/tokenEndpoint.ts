import * as crypto from 'node:crypto';
import jwt from 'jsonwebtoken';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** How the fake app proves itself: a secret, or a key whose public half and thumbprint Entra holds. */
export type FakeAppCredential =
  | { readonly kind: 'secret'; readonly secret: string }
  | {
      readonly kind: 'certificate';
      readonly publicKey: crypto.KeyObject;
      /** Hex; the assertion's `x5t#S256` header must name it (or `x5t` the SHA-1 one). */
      readonly thumbprintSha256: string;
      readonly thumbprintSha1?: string;
    };

/** One client-credentials request as it reached the token endpoint. */
export interface TokenRequest {
  readonly at: number;
  /** The host msal addressed (before the test network client routed it to loopback). */
  readonly host: string;
  readonly tenant: string;
  readonly form: Readonly<Record<string, string>>;
  readonly status: number;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

const entraError = (status: number, error: string, code: number, description: string): Reply => ({
  status,
  body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code] },
});

/**
 * Entra ID's v2.0 token endpoint for the client-credentials grant: checks the tenant, the client id,
 * the scope and the secret or the signed client assertion, and issues opaque access tokens that the
 * fake Graph accepts until they expire.
 */
export class FakeTokenEndpoint {
  readonly requests: TokenRequest[] = [];
  /** Seconds an issued token is valid for (`expires_in`). */
  lifetimeSeconds = 3599;
  private readonly issued = new Map<string, number>();

  constructor(
    readonly tenantId: string,
    readonly clientId: string,
    public credential: FakeAppCredential,
  ) {}

  /** Whether a Bearer token is one this endpoint issued and it has not expired. */
  accepts(token: string): boolean {
    const expiresAt = this.issued.get(token);
    return expiresAt !== undefined && expiresAt > Date.now();
  }

  /** Every token issued so far stops working (as if revoked or expired). */
  expireAll(): void {
    for (const token of this.issued.keys()) this.issued.set(token, 0);
  }

  handle(host: string, path: string, text: string, at: number): Reply {
    const form = Object.fromEntries(new URLSearchParams(text));
    const tenant = path.split('/').filter(Boolean)[0] ?? '';
    const reply = this.answer(host, path, tenant, form);
    this.requests.push({ at, host, tenant, form, status: reply.status });
    return reply;
  }

  private answer(host: string, path: string, tenant: string, form: Record<string, string>): Reply {
    if (path !== `/${tenant}/oauth2/v2.0/token`)
      return entraError(404, 'invalid_request', 90002, `No endpoint ${path}`);
    if (tenant !== this.tenantId)
      return entraError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
    if (form.grant_type !== 'client_credentials')
      return entraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (form.client_id !== this.clientId)
      return entraError(400, 'unauthorized_client', 700016, `Application '${form.client_id}' was not found.`);
    if (!/\/\.default$/.test(form.scope ?? ''))
      return entraError(
        400,
        'invalid_scope',
        1002012,
        'The scope of a client-credential request must end in /.default.',
      );
    const problem = this.credentialProblem(host, tenant, form);
    if (problem) return entraError(401, 'invalid_client', 7000215, problem);
    const token = `fake-graph-token-${crypto.randomUUID()}`;
    this.issued.set(token, Date.now() + this.lifetimeSeconds * 1000);
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: this.lifetimeSeconds,
        ext_expires_in: this.lifetimeSeconds,
        access_token: token,
      },
    };
  }

  private credentialProblem(host: string, tenant: string, form: Record<string, string>): string | undefined {
    if (this.credential.kind === 'secret') {
      if (form.client_assertion) return 'A client assertion was sent, but the app has a secret.';
      return form.client_secret === this.credential.secret ? undefined : 'Invalid client secret provided.';
    }
    if (form.client_assertion_type !== CLIENT_ASSERTION_TYPE || !form.client_assertion)
      return 'The app has a certificate; a signed client assertion is required.';
    try {
      const decoded = jwt.verify(form.client_assertion, this.credential.publicKey, {
        algorithms: ['PS256', 'RS256'],
        audience: `https://${host}/${tenant}/oauth2/v2.0/token`,
        issuer: this.clientId,
        subject: this.clientId,
        // Entra allows five minutes of clock skew (msal rounds its nbf to the nearest second).
        clockTolerance: 300,
        complete: true,
      });
      const header = decoded.header as unknown as Record<string, unknown>;
      const named = (hex: string | undefined) =>
        hex ? Buffer.from(hex, 'hex').toString('base64url') : undefined;
      const known =
        header['x5t#S256'] === named(this.credential.thumbprintSha256) ||
        (header.x5t !== undefined && header.x5t === named(this.credential.thumbprintSha1));
      return known ? undefined : 'The client assertion names another certificate.';
    } catch (error) {
      return `The client assertion is not valid: ${(error as Error).message}`;
    }
  }
}
