import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Leases } from '../coordination/leases';
import { GraphPermissionError, type GraphDirectory } from '../graph';
import { MAX_WRITES_PER_BATCH } from '../state/store';
import type { MfaRecord, MfaRefreshState, MfaRegistrationRepository } from './mfaRegistrationRepository';

/** What IT is told when Graph refuses the report: the permission and the licence it needs. */
export const MFA_UNAVAILABLE_NOTE = 'MFA status unavailable: grant AuditLog.Read.All (needs Entra ID P1/P2)';

/** One refresh at a time across the instances; renewed after every batch, so a dead one lapses. */
const RUN_LEASE = 'mfa-refresh-run';
const RUN_LEASE_TTL_MS = 5 * 60_000;

export type RefreshOutcome =
  | {
      readonly kind: 'refreshed';
      readonly people: number;
      readonly registered: number;
      readonly written: number;
    }
  /** Graph is not configured: the feature is off. */
  | { readonly kind: 'off' }
  /** Another instance (or request) is refreshing right now. */
  | { readonly kind: 'busy' }
  /** Scheduled, and the last attempt is recent enough. */
  | { readonly kind: 'notDue' }
  /** Graph answered 403: AuditLog.Read.All missing, or no Entra ID P1/P2. */
  | { readonly kind: 'unavailable'; readonly note: string }
  /** Throttled, timed out, or the store failed; the records kept are the last good ones. */
  | { readonly kind: 'failed'; readonly problem: string };

export interface RefreshOptions {
  /** Scheduled: refresh only when the last attempt is at least this old (checked under the lease). */
  readonly dueAfterMs?: number;
}

/**
 * Reads Entra's MFA registration report page by page into the shared store (through the
 * repository), one instance at a time. A 403 turns the feature off with one log line and a note
 * for IT; any other failure keeps the last good records.
 */
export class MfaRefresher {
  constructor(
    private readonly repository: MfaRegistrationRepository,
    private readonly directory: Pick<GraphDirectory, 'mfaRegistrations'> | undefined,
    private readonly leases: Leases,
    private readonly logger: Logger,
    private readonly clock: Clock,
    /** Told after every refresh that changed what the store says. */
    private readonly onChanged: () => void = () => undefined,
  ) {}

  get enabled(): boolean {
    return this.directory !== undefined;
  }

  async refresh(options: RefreshOptions = {}): Promise<RefreshOutcome> {
    const directory = this.directory;
    if (!directory) return { kind: 'off' };
    if (!(await this.leases.acquire(RUN_LEASE, RUN_LEASE_TTL_MS))) return { kind: 'busy' };
    try {
      if (options.dueAfterMs !== undefined && !(await this.isDue(options.dueAfterMs)))
        return { kind: 'notDue' };
      return await this.readReport(directory);
    } finally {
      await this.leases
        .release(RUN_LEASE)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'Could not release the MFA refresh lease'),
        );
    }
  }

  private async isDue(intervalMs: number): Promise<boolean> {
    const state = await this.repository.state();
    if (!state) return true;
    return this.clock().getTime() - Date.parse(state.attemptedAt) >= intervalMs;
  }

  private async readReport(directory: Pick<GraphDirectory, 'mfaRegistrations'>): Promise<RefreshOutcome> {
    const started = this.clock().toISOString();
    const previous = await this.repository.state();
    const known = await this.repository.stored();
    const seen = new Set<string>();
    let batch: MfaRecord[] = [];
    let registered = 0;
    let written = 0;
    try {
      for await (const row of directory.mfaRegistrations()) {
        const id = row.id.toLowerCase();
        if (seen.has(id)) continue;
        seen.add(id);
        if (row.isMfaRegistered) registered++;
        batch.push({
          id,
          userPrincipalName: row.userPrincipalName,
          displayName: row.displayName,
          isMfaRegistered: row.isMfaRegistered,
          methodsRegistered: [...row.methodsRegistered],
        });
        if (batch.length >= MAX_WRITES_PER_BATCH) {
          written += await this.repository.save(batch, known);
          batch = [];
          if (!(await this.leases.acquire(RUN_LEASE, RUN_LEASE_TTL_MS)))
            throw new Error('lost the MFA refresh lease to another instance');
        }
      }
      written += await this.repository.save(batch, known);
      await this.repository.removeExcept(seen, known);
    } catch (error) {
      if (error instanceof GraphPermissionError) return this.unavailable(error, previous, started);
      return this.failed(error, started);
    }
    await this.repository.setState(() => ({
      status: 'ok',
      refreshedAt: started,
      attemptedAt: started,
      people: seen.size,
    }));
    if (previous?.status === 'unavailable') this.logger.info('MFA registration status is available again');
    this.onChanged();
    return { kind: 'refreshed', people: seen.size, registered, written };
  }

  private async unavailable(
    error: GraphPermissionError,
    previous: MfaRefreshState | undefined,
    attemptedAt: string,
  ): Promise<RefreshOutcome> {
    await this.repository.setState((current) => ({
      status: 'unavailable',
      refreshedAt: current?.refreshedAt,
      attemptedAt,
      problem: MFA_UNAVAILABLE_NOTE,
      people: current?.people ?? 0,
    }));
    // One line when it turns off, not one per scheduled try (nor per instance).
    if (previous?.status !== 'unavailable')
      this.logger.error(
        { permission: error.permission, code: error.code },
        `${MFA_UNAVAILABLE_NOTE}. Microsoft Graph refused the registration report (403); MFA status is off until then`,
      );
    this.onChanged();
    return { kind: 'unavailable', note: MFA_UNAVAILABLE_NOTE };
  }

  private async failed(error: unknown, attemptedAt: string): Promise<RefreshOutcome> {
    const problem = error instanceof Error ? error.message : String(error);
    this.logger.warn({ err: error }, 'Could not refresh MFA registrations; keeping the last ones read');
    await this.repository
      .setState((current) => ({
        status: current?.status ?? 'ok',
        refreshedAt: current?.refreshedAt,
        attemptedAt,
        problem,
        people: current?.people ?? 0,
      }))
      .catch((stateError: unknown) =>
        this.logger.warn({ err: stateError }, 'Could not record the failed MFA refresh'),
      );
    return { kind: 'failed', problem };
  }
}
