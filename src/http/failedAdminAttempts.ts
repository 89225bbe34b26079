import type { AuditLog } from '../broadcast/auditLog';

/** Failed attempts a source may make in one window before it is told to wait. */
const ALLOWED_FAILURES = 10;
const WINDOW_MS = 60_000;
/** Sources remembered at once; beyond this the oldest windows are summarised early. */
const MAX_SOURCES = 10_000;

interface Window {
  readonly startedAt: number;
  failures: number;
  /** The first failure of a window is audited at once; the rest as one summary row. */
  readonly path: string;
}

/**
 * Failed admin-API keys per source address: after ALLOWED_FAILURES in a minute the source gets 429
 * until the minute is over, and the audit log gets one row per source and minute, not one per try.
 */
export class FailedAdminAttempts {
  private readonly windows = new Map<string, Window>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly audit: AuditLog,
    private readonly onAuditFailed: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.summariseExpired(false), WINDOW_MS);
    this.timer.unref();
  }

  /** Milliseconds the source must wait before trying again, or 0. */
  retryAfterMs(source: string): number {
    const window = this.windows.get(source);
    if (!window || window.failures < ALLOWED_FAILURES) return 0;
    return Math.max(0, window.startedAt + WINDOW_MS - this.now());
  }

  recordFailure(source: string, path: string): void {
    const now = this.now();
    const current = this.windows.get(source);
    if (current && now - current.startedAt < WINDOW_MS) {
      current.failures++;
      return;
    }
    if (current) this.summarise(source, current);
    if (this.windows.size >= MAX_SOURCES) this.summariseExpired(true);
    this.windows.set(source, { startedAt: now, failures: 1, path });
    this.write({ source, path, reason: 'missing or wrong API key', attempts: 1 });
  }

  /** Writes what is still counted (shutdown). */
  stop(): void {
    clearInterval(this.timer);
    this.summariseExpired(true);
  }

  private summariseExpired(all: boolean): void {
    const now = this.now();
    for (const [source, window] of this.windows) {
      if (all || now - window.startedAt >= WINDOW_MS) this.summarise(source, window);
    }
  }

  private summarise(source: string, window: Window): void {
    this.windows.delete(source);
    if (window.failures <= 1) return;
    this.write({
      source,
      path: window.path,
      reason: 'missing or wrong API key',
      attempts: window.failures - 1,
      since: new Date(window.startedAt).toISOString(),
    });
  }

  private write(detail: Record<string, unknown>): void {
    this.audit.record({ actor: 'unknown', action: 'broadcast.refused', detail }).catch(this.onAuditFailed);
  }
}
