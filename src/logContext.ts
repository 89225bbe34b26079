import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Fields every log line written inside a turn or a broadcast run carries (its correlation id). */
export type LogContext = Readonly<Record<string, string>>;

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with these fields added to every log line it writes, however deep. */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}

/** A short id for one request or run. */
export function newCorrelationId(): string {
  return randomUUID().slice(0, 8);
}
