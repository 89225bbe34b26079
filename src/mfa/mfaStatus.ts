import type { MfaRegistrationRepository, MfaRefreshState } from './mfaRegistrationRepository';

/** What the checklist and the answers ask: has this person registered MFA, as far as Entra says? */
export interface MfaStatusLookup {
  /** True or false from Entra's report; undefined when unknown (feature off, not in the report). */
  registered(personKey: string): Promise<boolean | undefined>;
}

/** How long one instance trusts the "last refreshed" record before reading it again. */
const STATE_CACHE_MS = 30_000;

/** The Entra object id of a person key (`aad:<id>`); undefined for people known only by Teams id. */
export function entraIdOf(personKey: string): string | undefined {
  return personKey.startsWith('aad:') ? personKey.slice(4).toLowerCase() : undefined;
}

/**
 * Entra's answer for one person, from the shared store: only while the report is available (a 403
 * turns the feature off everywhere, not only on the instance that saw it).
 */
export class StoredMfaStatus implements MfaStatusLookup {
  private cached?: { state: MfaRefreshState | undefined; at: number };

  constructor(
    private readonly repository: MfaRegistrationRepository,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async registered(personKey: string): Promise<boolean | undefined> {
    const id = entraIdOf(personKey);
    if (!id || !(await this.available())) return undefined;
    return (await this.repository.find(id))?.isMfaRegistered;
  }

  /** Forget the cached state (after this instance refreshed). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async available(): Promise<boolean> {
    const now = this.nowMs();
    if (!this.cached || now - this.cached.at >= STATE_CACHE_MS) {
      this.cached = { state: await this.repository.state(), at: now };
    }
    return this.cached.state?.status === 'ok';
  }
}
