import type { Server } from 'node:http';

/**
 * Tracks the requests a server is answering, so that shutdown can wait for them, but not forever:
 * `close(graceMs)` stops accepting, lets in-flight requests finish for at most `graceMs`, then cuts
 * whatever connections are left (a half-sent request must not hold the process).
 */
export class ConnectionDrain {
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly server: Server) {
    server.on('request', (_req, res) => {
      this.inFlight++;
      res.once('close', () => {
        this.inFlight--;
        if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      });
    });
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Resolves once nothing is in flight, or `graceMs` has passed; true if it drained in time. */
  async close(graceMs: number): Promise<boolean> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      new Promise<boolean>((resolve) => {
        if (this.inFlight === 0) resolve(true);
        else this.idleWaiters.push(() => resolve(true));
      }),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    this.server.closeAllConnections();
    await closed;
    return drained;
  }
}
