import { createPublicKey } from 'node:crypto';
import { AuthenticationError } from 'botframework-connector';
// Not exported from the package index; the cache below is the one seam the SDK offers for the
// signing-key fetch, which otherwise has no deadline and is repeated by every waiting request.
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor';

interface SigningKey {
  readonly kid?: string;
  readonly n?: string;
  readonly e?: string;
  readonly kty?: string;
  readonly endorsements?: string[];
}

export interface OpenIdMetadataLimits {
  /** Deadline for each of the two fetches (metadata document, then its keys). */
  readonly fetchTimeoutMs: number;
  /** Keys older than this are refreshed in the background while the old ones keep serving. */
  readonly refreshAfterMs: number;
  /** An unknown key id triggers a refresh at most this often. */
  readonly unknownKeyRefreshMs: number;
}

export const DEFAULT_OPENID_LIMITS: OpenIdMetadataLimits = {
  fetchTimeoutMs: 5_000,
  refreshAfterMs: 24 * 60 * 60 * 1000,
  unknownKeyRefreshMs: 5 * 60 * 1000,
};

const UNAUTHORIZED = 401;

async function fetchJson(url: string, timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  return (await response.json()) as unknown;
}

/**
 * Bot Framework's OpenID signing keys, fetched with a deadline, one fetch shared by every waiting
 * request, and refreshed in the background once the keys are old. Drop-in for the SDK's own
 * OpenIdMetadata (same `getKey`), whose fetch has no deadline and runs once per waiting request.
 */
export class BoundedOpenIdMetadata {
  private keys: readonly SigningKey[] = [];
  private fetchedAt = 0;
  /** When the last refresh was tried: after a failure, the host is left alone for a while. */
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;
  private readonly pems = new Map<string, string>();

  constructor(
    private readonly url: string,
    private readonly limits: OpenIdMetadataLimits,
    private readonly onRefreshFailed: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The PEM key for a token's `kid`, or null (the token is then refused). */
  async getKey(keyId: string): Promise<{ key: string; endorsements?: string[] } | null> {
    const age = this.now() - this.fetchedAt;
    if (this.keys.length === 0) {
      if (this.now() - this.attemptedAt < this.limits.fetchTimeoutMs && !this.refreshing)
        throw new AuthenticationError('Signing keys unavailable', UNAUTHORIZED);
      await this.refresh();
    } else if (!this.find(keyId) && this.now() - this.attemptedAt > this.limits.unknownKeyRefreshMs) {
      await this.refresh().catch(this.onRefreshFailed);
    } else if (
      age > this.limits.refreshAfterMs &&
      this.now() - this.attemptedAt > this.limits.unknownKeyRefreshMs
    ) {
      this.refresh().catch(this.onRefreshFailed);
    }
    const key = this.find(keyId);
    if (!key?.n || !key.e) return null;
    let pem = this.pems.get(keyId);
    if (!pem) {
      pem = createPublicKey({ key: { kty: 'RSA', n: key.n, e: key.e }, format: 'jwk' })
        .export({ type: 'spki', format: 'pem' })
        .toString();
      this.pems.set(keyId, pem);
    }
    return { key: pem, endorsements: key.endorsements };
  }

  private find(keyId: string): SigningKey | undefined {
    return this.keys.find((key) => key.kid === keyId);
  }

  /** One refresh at a time; callers arriving meanwhile wait for the same one. */
  private refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async load(): Promise<void> {
    this.attemptedAt = this.now();
    try {
      const metadata = (await fetchJson(this.url, this.limits.fetchTimeoutMs)) as { jwks_uri?: unknown };
      if (typeof metadata?.jwks_uri !== 'string') throw new Error('metadata has no jwks_uri');
      const jwks = (await fetchJson(metadata.jwks_uri, this.limits.fetchTimeoutMs)) as { keys?: unknown };
      const keys = Array.isArray(jwks?.keys)
        ? (jwks.keys as SigningKey[]).filter((key) => key && typeof key === 'object')
        : [];
      if (keys.length === 0) throw new Error('key set has no keys');
      this.keys = keys;
      this.pems.clear();
      this.fetchedAt = this.now();
    } catch (error) {
      // Refused as unauthenticated: a caller must never wait on, or learn about, the key host.
      throw new AuthenticationError(`Signing keys unavailable: ${(error as Error).message}`, UNAUTHORIZED);
    }
  }
}

/**
 * Puts bounded metadata in place of the SDK's for each URL, before the first request needs it. The
 * SDK keeps one process-wide cache keyed by URL, so this is done once per URL.
 */
export function installBoundedOpenIdMetadata(
  urls: readonly string[],
  limits: OpenIdMetadataLimits,
  onRefreshFailed: (error: unknown) => void,
): void {
  const cache = (JwtTokenExtractor as unknown as { openIdMetadataCache: Map<string, unknown> })
    .openIdMetadataCache;
  for (const url of urls) {
    if (!(cache.get(url) instanceof BoundedOpenIdMetadata))
      cache.set(url, new BoundedOpenIdMetadata(url, limits, onRefreshFailed));
  }
}
