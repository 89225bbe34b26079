import jwt, { type JwtHeader, type JwtPayload } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import type { TabApiSettings } from '../config';

/** The person a valid tab token names. */
export interface TabUser {
  /** Entra object id: the same key as the chat's `aadObjectId`. */
  readonly oid: string;
  readonly tenantId: string;
  readonly name?: string;
}

/**
 * Why a token was refused: 401 `invalid_token` (bad, expired, wrong app), 403 `insufficient_scope`
 * (a good token without the tab's scope) or 403 `tenant_not_allowed`. `reason` is for the log only.
 */
export class TokenRejection extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly code: 'invalid_token' | 'insufficient_scope' | 'tenant_not_allowed',
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'TokenRejection';
  }
}

/** Where the public keys come from: jwks-rsa in production, anything with the same call in tests. */
export interface SigningKeys {
  getSigningKey(kid: string): Promise<{ getPublicKey(): string }>;
}

export interface ValidatorOptions {
  /** The longest a key fetch may take before the token is refused (the request must not hang). */
  readonly keyFetchTimeoutMs?: number;
  /** Now in milliseconds (tests move it). */
  readonly now?: () => number;
}

const CLOCK_TOLERANCE_SECONDS = 60;
const KEY_FETCH_TIMEOUT_MS = 5_000;
/** Entra rotates its keys every few weeks; the key set is fetched again after half a day. */
const KEY_CACHE_MAX_AGE_MS = 12 * 60 * 60 * 1000;
/**
 * Fetches of the key set for unknown `kid`s: a burst, then one per interval. Every fetch loads the
 * whole set, so forged `kid`s can delay a newly published key by one interval at most; they can
 * never lock out a key that is already known (as a rate limit per `kid` would).
 */
const KEY_REFETCH_BURST = 5;
const KEY_REFETCH_INTERVAL_MS = 6_000;
const MAX_TOKEN_LENGTH = 16_384;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const V1_ISSUER = /^https:\/\/sts\.windows\.net\/([^/]+)\/$/;
const V2_ISSUER = /^https:\/\/login\.microsoftonline\.com\/([^/]+)\/v2\.0$/;

/** Where a whole key set comes from: jwks-rsa's uncached fetch in production. */
export interface KeySetSource {
  getSigningKeys(): Promise<readonly { readonly kid?: string; getPublicKey(): string }[]>;
}

/**
 * The published keys, cached as one set: a known `kid` never waits for or depends on a fetch; an
 * unknown one fetches the set again (one fetch at a time, shared by everyone waiting, and at most
 * KEY_REFETCH_BURST and then one per KEY_REFETCH_INTERVAL_MS); a failed fetch keeps the old set.
 */
export class CachedKeySet implements SigningKeys {
  private keys = new Map<string, string>();
  private fetchedAt = -Infinity;
  private inFlight?: Promise<void>;
  private allowance = KEY_REFETCH_BURST;
  private allowanceAt: number;

  constructor(
    private readonly source: KeySetSource,
    private readonly now: () => number = Date.now,
  ) {
    this.allowanceAt = now();
  }

  async getSigningKey(kid: string): Promise<{ getPublicKey(): string }> {
    const stale = this.now() - this.fetchedAt >= KEY_CACHE_MAX_AGE_MS;
    if (stale || !this.keys.has(kid)) {
      try {
        await this.refresh();
      } catch (error) {
        // Entra unreachable: a key it published before still verifies; an unknown one cannot.
        if (!this.keys.has(kid)) throw error;
      }
    }
    const key = this.keys.get(kid);
    if (key === undefined) throw new Error('no published key has this id');
    return { getPublicKey: () => key };
  }

  /** Joins the fetch under way, or starts one if the allowance permits; otherwise keeps the set. */
  private refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (!this.takeAllowance()) return Promise.resolve();
    const fetching = this.source.getSigningKeys().then((keys) => {
      const fresh = new Map<string, string>();
      for (const key of keys) if (key.kid) fresh.set(key.kid, key.getPublicKey());
      this.keys = fresh;
      this.fetchedAt = this.now();
    });
    this.inFlight = fetching.finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private takeAllowance(): boolean {
    const now = this.now();
    this.allowance = Math.min(
      KEY_REFETCH_BURST,
      this.allowance + Math.max(0, now - this.allowanceAt) / KEY_REFETCH_INTERVAL_MS,
    );
    this.allowanceAt = now;
    if (this.allowance < 1) return false;
    this.allowance -= 1;
    return true;
  }
}

/** The cached, rate-limited, time-bounded key set at `jwksUri` (jwks-rsa does the fetch and parse). */
export function jwksSigningKeys(jwksUri: string, timeoutMs = KEY_FETCH_TIMEOUT_MS): SigningKeys {
  return new CachedKeySet(new JwksClient({ jwksUri, cache: false, rateLimit: false, timeout: timeoutMs }));
}

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(authorization ?? '');
  return match && match[1].length <= MAX_TOKEN_LENGTH ? match[1] : undefined;
}

/** Settles with `work`, or rejects once `ms` have passed. */
async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Checks the Entra access tokens the tab sends: RS256 signature against the tenant's published keys,
 * `exp`/`nbf` (60 s tolerance), audience (client id or `api://<domain>/<client id>`), a v1 or v2
 * issuer naming the token's own tenant, the allowed tenants and the tab's scope.
 */
export class EntraTokenValidator {
  private readonly allowedTenants: ReadonlySet<string>;
  private readonly audiences: [string, ...string[]];
  private readonly keyFetchTimeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly settings: TabApiSettings,
    private readonly keys: SigningKeys,
    options: ValidatorOptions = {},
  ) {
    this.allowedTenants = new Set(settings.allowedTenantIds.map((id) => id.toLowerCase()));
    this.audiences = [settings.clientId, ...settings.audiences.filter((aud) => aud !== settings.clientId)];
    this.keyFetchTimeoutMs = options.keyFetchTimeoutMs ?? KEY_FETCH_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  /** The person behind an Authorization header; throws a TokenRejection for anything else. */
  async validate(authorization: string | undefined): Promise<TabUser> {
    const token = bearerToken(authorization);
    if (!token) throw new TokenRejection(401, 'invalid_token', 'no bearer token');
    let decoded: ReturnType<typeof jwt.decode>;
    try {
      decoded = jwt.decode(token, { complete: true });
    } catch {
      // A header or payload that is base64 of something other than JSON.
      decoded = null;
    }
    if (!decoded || typeof decoded.payload === 'string')
      throw new TokenRejection(401, 'invalid_token', 'not a JWT');
    const header: JwtHeader = decoded.header;
    if (header.alg !== 'RS256') throw new TokenRejection(401, 'invalid_token', `algorithm ${header.alg}`);
    if (!header.kid) throw new TokenRejection(401, 'invalid_token', 'no key id');

    const publicKey = await this.publicKey(header.kid);
    const payload = this.verify(token, publicKey);
    return this.personOf(payload);
  }

  private async publicKey(kid: string): Promise<string> {
    try {
      const key = await within(this.keys.getSigningKey(kid), this.keyFetchTimeoutMs, 'The key fetch');
      return key.getPublicKey();
    } catch (error) {
      throw new TokenRejection(
        401,
        'invalid_token',
        `signing key ${kid.slice(0, 64)}: ${(error as Error).message}`,
      );
    }
  }

  private verify(token: string, publicKey: string): JwtPayload {
    try {
      const payload = jwt.verify(token, publicKey, {
        algorithms: ['RS256'],
        audience: this.audiences,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        clockTimestamp: Math.floor(this.now() / 1000),
      });
      if (typeof payload === 'string') throw new Error('payload is not an object');
      if (typeof payload.exp !== 'number') throw new Error('no expiry');
      return payload;
    } catch (error) {
      throw new TokenRejection(401, 'invalid_token', (error as Error).message);
    }
  }

  private personOf(payload: JwtPayload): TabUser {
    const tenantId = text(payload.tid)?.toLowerCase();
    // Entra writes GUIDs in lower case, as Teams does the chat's aadObjectId: one progress record.
    const oid = text(payload.oid)?.toLowerCase();
    if (!tenantId || !GUID.test(tenantId)) throw new TokenRejection(401, 'invalid_token', 'no tenant id');
    if (!oid || !GUID.test(oid)) throw new TokenRejection(401, 'invalid_token', 'no object id');
    const issuer = text(payload.iss) ?? '';
    const issuerTenant = (V1_ISSUER.exec(issuer) ?? V2_ISSUER.exec(issuer))?.[1]?.toLowerCase();
    if (issuerTenant !== tenantId)
      throw new TokenRejection(401, 'invalid_token', `issuer ${issuer} is not tenant ${tenantId}`);
    if (this.allowedTenants.size > 0 && !this.allowedTenants.has(tenantId))
      throw new TokenRejection(403, 'tenant_not_allowed', `tenant ${tenantId} is not allowed`);
    const scopes = (text(payload.scp) ?? '').split(' ');
    if (!scopes.includes(this.settings.scope))
      throw new TokenRejection(403, 'insufficient_scope', `scope "${this.settings.scope}" missing`);
    return { oid, tenantId, name: text(payload.name) };
  }
}
