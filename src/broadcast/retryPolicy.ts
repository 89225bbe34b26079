import { ConnectorError } from '../teams/connectorClient';

const RETRYABLE = new Set([0, 412, 500, 502, 503, 504]);
const UNREACHABLE = new Set([403, 404]);
const MAX_THROTTLED_RETRIES = 30;

/** What to do after a failed connector call. */
export type RetryDecision =
  /** 429: every caller waits `holdMs`, then the same call is tried again. */
  | { readonly kind: 'throttled'; readonly holdMs: number }
  /** A transient failure: wait `waitMs`, then try again. */
  | { readonly kind: 'retry'; readonly waitMs: number }
  /** 403/404: the app is not installed there, or the chat is blocked. */
  | { readonly kind: 'unreachable' }
  /** 401: our credentials are refused; nothing will work until IT fixes them. */
  | { readonly kind: 'unauthorized' }
  /** Anything else, or out of attempts. */
  | { readonly kind: 'give-up' };

/** Doubling from half a second up to 30 s, with jitter so that retries do not come in waves. */
export function exponentialBackoff(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random());
}

/** Any failure as a ConnectorError: building a card or getting a token fails like a network error. */
export function asConnectorError(caught: unknown): ConnectorError {
  if (caught instanceof ConnectorError) return caught;
  return new ConnectorError(0, `could not send: ${(caught as Error)?.message ?? String(caught)}`);
}

/** The one set of retry rules, for sends and recalls alike. */
export class RetryPolicy {
  constructor(
    private readonly maxAttempts: number,
    private readonly backoff: (attempt: number) => number = exponentialBackoff,
  ) {}

  /** `attempts`: tries so far of this call; `throttled`: 429s so far of this call. */
  decide(error: ConnectorError, attempts: number, throttled: number): RetryDecision {
    if (error.status === 429 && throttled < MAX_THROTTLED_RETRIES)
      return { kind: 'throttled', holdMs: error.retryAfterMs ?? this.backoff(throttled + 1) };
    if (error.status === 401) return { kind: 'unauthorized' };
    if (UNREACHABLE.has(error.status)) return { kind: 'unreachable' };
    if (RETRYABLE.has(error.status) && attempts < this.maxAttempts)
      return { kind: 'retry', waitMs: this.backoff(attempts) };
    return { kind: 'give-up' };
  }
}
