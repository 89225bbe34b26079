import type { Clock } from '../clock';
import { VersionConflictError, type Store } from '../state/store';

const PREFIX = 'lease/';

interface LeaseRecord {
  readonly holder: string;
  readonly expiresAt: number;
}

function isLeaseRecord(value: unknown): value is LeaseRecord {
  const record = value as Partial<LeaseRecord> | null;
  return typeof record?.holder === 'string' && typeof record.expiresAt === 'number';
}

/**
 * Named leases in the shared store: at most one live holder each. A holder keeps its lease by
 * renewing it before it expires; when it dies, the lease expires and another instance takes it.
 * Built on the store's conditional writes, so it works the same on SQLite and on Azure Table.
 */
export class Leases {
  constructor(
    private readonly store: Store,
    private readonly holder: string,
    private readonly clock: Clock,
  ) {}

  get instanceId(): string {
    return this.holder;
  }

  /** Takes or renews the lease for `ttlMs`; false while another live instance holds it. */
  async acquire(name: string, ttlMs: number): Promise<boolean> {
    const key = PREFIX + name;
    const item = await this.store.get(key);
    const now = this.clock().getTime();
    const current = item && isLeaseRecord(item.value) ? item.value : undefined;
    if (current && current.holder !== this.holder && current.expiresAt > now) return false;
    try {
      await this.store.put(key, { holder: this.holder, expiresAt: now + ttlMs }, item ? item.version : null);
      return true;
    } catch (error) {
      // Another instance took or renewed it between the read and the write.
      if (error instanceof VersionConflictError) return false;
      throw error;
    }
  }

  /** Who holds the lease now, if anyone does. */
  async holderOf(name: string): Promise<string | undefined> {
    const item = await this.store.get(PREFIX + name);
    const current = item && isLeaseRecord(item.value) ? item.value : undefined;
    return current && current.expiresAt > this.clock().getTime() ? current.holder : undefined;
  }

  /** Gives the lease up (at shutdown), so that another instance need not wait for it to expire. */
  async release(name: string): Promise<void> {
    const key = PREFIX + name;
    const item = await this.store.get(key);
    if (!item || !isLeaseRecord(item.value) || item.value.holder !== this.holder) return;
    await this.store.delete(key, item.version).catch((error: unknown) => {
      if (!(error instanceof VersionConflictError)) throw error;
    });
  }
}

/**
 * A duty exactly one instance performs at a time (nudges, starting scheduled sends): each instance
 * tries to take the lease every `ttlMs / 3`, and does the work only while it holds it.
 */
export class SingleOwnerDuty {
  private timer?: NodeJS.Timeout;
  private owned = false;
  private stopped = false;
  private renewing: Promise<void> = Promise.resolve();

  constructor(
    private readonly leases: Leases,
    readonly name: string,
    private readonly ttlMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** True while this instance holds the duty (as of its last renewal). */
  get isOwner(): boolean {
    return this.owned && !this.stopped;
  }

  async start(): Promise<void> {
    await this.renewNow();
    if (this.stopped) return;
    this.timer = setInterval(
      () => this.renewNow().catch(this.onError),
      Math.max(50, Math.floor(this.ttlMs / 3)),
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    // A renewal on its way would otherwise take the lease again after the release.
    await this.renewing;
    if (this.owned) {
      this.owned = false;
      await this.leases.release(this.name).catch(this.onError);
    }
  }

  /** One renewal at a time, in order; none after stop. */
  private renewNow(): Promise<void> {
    this.renewing = this.renewing.then(() => (this.stopped ? undefined : this.renew()));
    return this.renewing;
  }

  private async renew(): Promise<void> {
    try {
      this.owned = await this.leases.acquire(this.name, this.ttlMs);
    } catch (error) {
      // Without a renewal the lease may lapse: stop acting as owner until it is confirmed again.
      this.owned = false;
      this.onError(error);
    }
  }
}
