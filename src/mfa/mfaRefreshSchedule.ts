import type { SingleOwnerDuty } from '../coordination/leases';
import type { MfaRefresher } from './mfaRefresher';

/**
 * Refreshes the MFA registrations every `intervalMs` on exactly one instance: the holder of the
 * duty's lease looks every `checkMs` whether the last attempt (stored, so a new owner knows it) is
 * old enough. An interval of 0 leaves only the on-demand refresh.
 */
export class MfaRefreshSchedule {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private checking = false;

  constructor(
    private readonly duty: SingleOwnerDuty,
    private readonly refresher: MfaRefresher,
    private readonly intervalMs: number,
    private readonly checkMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  get active(): boolean {
    return this.refresher.enabled && this.intervalMs > 0;
  }

  async start(): Promise<void> {
    if (!this.active) return;
    await this.duty.start();
    this.check();
    this.timer = setInterval(() => this.check(), this.checkMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    if (this.active) await this.duty.stop();
  }

  /** One check at a time: a refresh longer than `checkMs` is not started twice. */
  private check(): void {
    if (this.checking) return;
    this.checking = true;
    this.running = this.tick().finally(() => {
      this.checking = false;
    });
  }

  private async tick(): Promise<void> {
    if (this.stopped || !this.duty.isOwner) return;
    try {
      await this.refresher.refresh({ dueAfterMs: this.intervalMs });
    } catch (error) {
      this.onError(error);
    }
  }
}
