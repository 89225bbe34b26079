import type { BroadcastJob } from './types';

/** Events the chat side (status cards) listens to. */
export interface DeliveryEvents {
  onProgress?(jobId: string): void;
  onPaused?(job: BroadcastJob): void;
  onFinished?(job: BroadcastJob): void;
}

/** Whoever subscribed, told in the order they did; a listener's failure is not the sender's. */
export class DeliveryListeners {
  private readonly listeners: DeliveryEvents[] = [];

  subscribe(listener: DeliveryEvents): void {
    this.listeners.push(listener);
  }

  progress(jobId: string): void {
    for (const listener of this.listeners) listener.onProgress?.(jobId);
  }

  paused(job: BroadcastJob): void {
    for (const listener of this.listeners) listener.onPaused?.(job);
  }

  finished(job: BroadcastJob): void {
    for (const listener of this.listeners) listener.onFinished?.(job);
  }
}

export interface DeliveryLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}
