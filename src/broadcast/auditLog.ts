import { systemClock, type Clock } from '../clock';
import { randomUUID } from 'node:crypto';
import { listByPrefix, type Store } from '../state/store';

export interface AuditEntry {
  readonly at: string;
  /** `api` for the admin API key, otherwise the admin's Entra object id. */
  readonly actor: string;
  readonly action: string;
  readonly broadcastId?: string;
  readonly detail?: Record<string, unknown>;
}

/** One partition, rows `<ISO time>_<random id>`: listed oldest first. */
const PREFIX = 'audit/';

/** Append-only: entries are only ever inserted under new keys, never changed or deleted. */
export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly now: Clock = systemClock,
  ) {}

  async record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    const at = this.now().toISOString();
    await this.store.put(`${PREFIX}${at}_${randomUUID()}`, { at, ...entry }, null);
  }

  async entries(): Promise<AuditEntry[]> {
    return (await listByPrefix(this.store, PREFIX)).map((item) => item.value as AuditEntry);
  }
}
