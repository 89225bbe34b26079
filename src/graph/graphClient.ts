import {
  GraphError,
  GraphNotFoundError,
  GraphPermissionError,
  GraphThrottledError,
  GraphTimeoutError,
  graphErrorBody,
} from './graphErrors';
import type { Fetch } from './fetchNetworkClient';
import type { GraphTokenProvider } from './graphTokens';
import { graphResourceOrigin } from './odata';
import { RETRYABLE_STATUSES, backoffMs, retryAfterMs } from './retryTiming';

/** Paces every Graph call; `RateLimiter` from src/teams/rateLimiter.ts is one. */
export interface GraphPacer {
  run<T>(call: () => Promise<T>): Promise<T>;
  /** Every caller waits until `ms` from now (a Retry-After). */
  holdFor(ms: number): void;
}

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One Graph call's details besides its method and path. */
export interface GraphRequest {
  /**
   * The application permission the call needs, e.g. `User.Read.All`: a 403 becomes a
   * GraphPermissionError naming it, so that the admin is told what to grant.
   */
  readonly permission: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  /**
   * Safe to send again when no answer came (timeout, dropped connection)? GET, PUT and DELETE always
   * are; a POST or PATCH only when the caller says so (a second install answers 409, for example).
   */
  readonly idempotent?: boolean;
  /** Extra request headers, e.g. `ConsistencyLevel: eventual` for advanced directory queries. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Stops waiting for a retry or the answer (not for a pacer slot); the call rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface GraphResponse<T> {
  readonly status: number;
  /** The parsed JSON body; undefined for 204 or a body that is not JSON. */
  readonly body: T | undefined;
}

/** A page of a Graph collection. */
interface CollectionPage<T> {
  readonly value?: T[];
  readonly '@odata.nextLink'?: string;
}

export interface GraphClientOptions {
  /** Graph's origin, e.g. https://graph.microsoft.com; request paths start with /v1.0 or /beta. */
  readonly baseUrl: string;
  readonly tokens: GraphTokenProvider;
  readonly pacer: GraphPacer;
  /** Tries per call for 429/503/504, timeouts and network errors (1 = no retry). */
  readonly maxAttempts: number;
  /** The longest one HTTP exchange may take, body included. */
  readonly requestTimeoutMs: number;
  /** Retry-After asks for longer than this give up at once with GraphThrottledError (default 60 s). */
  readonly maxRetryAfterMs?: number;
  /** Exponential backoff without a Retry-After: first wait and cap (default 500 ms and 30 s). */
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** Wall-clock time, epoch ms (reads Retry-After dates). */
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly fetch?: Fetch;
  /** Told about each retry (for logging). */
  readonly onRetry?: (retry: GraphRetry) => void;
}

export interface GraphRetry {
  readonly request: string;
  readonly attempt: number;
  /** The HTTP status, or 0 for a timeout or network error. */
  readonly status: number;
  readonly waitMs: number;
}

/** What one HTTP exchange came to. */
type Outcome =
  | { readonly kind: 'answer'; readonly status: number; readonly headers: Headers; readonly body: unknown }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'networkError'; readonly error: unknown };

const SAFE_TO_REPEAT: ReadonlySet<GraphMethod> = new Set(['GET', 'PUT', 'DELETE']);

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Microsoft Graph over HTTP with an app-only token. Every call (each retry and each page too) goes
 * through the one pacer; 429/503/504 are retried after their Retry-After (which also holds back
 * every other caller) or an exponential backoff with jitter, up to `maxAttempts`; each exchange has
 * a timeout; a 401 gets one retry with a fresh token. Failures are typed: GraphPermissionError (403),
 * GraphNotFoundError (404), GraphThrottledError (retries ran out), GraphTimeoutError, GraphError.
 */
export class GraphClient {
  /** Graph's origin as resource URLs name it (`teamsApp@odata.bind`), e.g. https://graph.microsoft.com. */
  readonly resourceOrigin: string;
  private readonly baseUrl: string;
  private readonly origin: string;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly send: Fetch;

  constructor(private readonly options: GraphClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    this.resourceOrigin = graphResourceOrigin(this.baseUrl);
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.send = options.fetch ?? ((url, init) => fetch(url, init));
  }

  /** `GET`, the body. */
  async get<T>(path: string, request: GraphRequest): Promise<T> {
    return (await this.request<T>('GET', path, request)).body as T;
  }

  /**
   * Every item of a collection, page after page (`@odata.nextLink`), fetched as the caller reads:
   * stopping early fetches no more pages.
   */
  async *items<T>(path: string, request: GraphRequest): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages<T>(path, request)) yield* page;
  }

  /** A collection one page at a time. */
  async *pages<T>(path: string, request: GraphRequest): AsyncGenerator<readonly T[], void, undefined> {
    let next: string | undefined = path;
    while (next !== undefined) {
      const page: CollectionPage<T> | undefined = await this.get<CollectionPage<T> | undefined>(
        next,
        request,
      );
      yield page?.value ?? [];
      next = page?.['@odata.nextLink'];
    }
  }

  /**
   * One call, retried as described above. `path` is relative to the base URL (`/v1.0/users/…`) or
   * an absolute URL on the same origin (a nextLink); the token is never sent anywhere else.
   */
  async request<T>(method: GraphMethod, path: string, request: GraphRequest): Promise<GraphResponse<T>> {
    const url = this.resolve(path);
    const described = `${method} ${url.pathname}${url.search}`;
    const canRepeat = request.idempotent ?? SAFE_TO_REPEAT.has(method);
    let refreshToken = false;
    for (let attempt = 1; ; attempt++) {
      request.signal?.throwIfAborted();
      const token = await this.options.tokens.token({ refresh: refreshToken });
      const outcome = await this.options.pacer.run(() => this.exchange(method, url, token, request));
      request.signal?.throwIfAborted();
      const lastAttempt = attempt >= this.options.maxAttempts;

      if (outcome.kind !== 'answer') {
        if (lastAttempt || !canRepeat) throw this.failure(outcome, described, attempt);
        await this.retryAfter(described, attempt, 0, this.backoffFor(attempt), request.signal);
        continue;
      }
      const { status } = outcome;
      if (status >= 200 && status < 300) return { status, body: outcome.body as T | undefined };
      if (status === 401 && !refreshToken && !lastAttempt) {
        refreshToken = true;
        continue;
      }
      if (RETRYABLE_STATUSES.has(status)) {
        const asked = retryAfterMs(outcome.headers.get('retry-after'), this.now());
        const tooLong = asked !== undefined && asked > (this.options.maxRetryAfterMs ?? 60_000);
        if (lastAttempt || tooLong) throw new GraphThrottledError(status, described, attempt, asked);
        if (asked !== undefined) this.options.pacer.holdFor(asked);
        await this.retryAfter(described, attempt, status, asked ?? this.backoffFor(attempt), request.signal);
        continue;
      }
      throw this.errorFor(status, outcome.body, described, request.permission);
    }
  }

  private resolve(path: string): URL {
    if (/^https?:\/\//i.test(path)) {
      const url = new URL(path);
      if (url.origin !== this.origin)
        throw new GraphError(
          0,
          'untrustedLink',
          `Refused to follow a Graph link to another host: ${url.origin}`,
          path,
        );
      return url;
    }
    if (!path.startsWith('/')) throw new Error(`A Graph path starts with /, such as /v1.0/users: ${path}`);
    return new URL(`${this.baseUrl}${path}`);
  }

  private backoffFor(attempt: number): number {
    const { baseMs, maxMs } = this.options.backoff ?? { baseMs: 500, maxMs: 30_000 };
    return backoffMs(attempt, baseMs, maxMs, this.random);
  }

  private async retryAfter(
    request: string,
    attempt: number,
    status: number,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<void> {
    this.options.onRetry?.({ request, attempt, status, waitMs });
    await this.sleep(waitMs, signal);
  }

  /** One HTTP exchange under the per-request timeout; never throws except for the caller's abort. */
  private async exchange(
    method: GraphMethod,
    url: URL,
    token: string,
    request: GraphRequest,
  ): Promise<Outcome> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.requestTimeoutMs);
    const forwardAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', forwardAbort, { once: true });
    try {
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...request.headers,
      };
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      const response = await this.send(url.href, {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
      });
      const text = await response.text();
      return { kind: 'answer', status: response.status, headers: response.headers, body: parseJson(text) };
    } catch (error) {
      request.signal?.throwIfAborted();
      return timedOut ? { kind: 'timeout' } : { kind: 'networkError', error };
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', forwardAbort);
    }
  }

  private failure(
    outcome: Exclude<Outcome, { kind: 'answer' }>,
    request: string,
    attempts: number,
  ): GraphError {
    if (outcome.kind === 'timeout')
      return new GraphTimeoutError(request, this.options.requestTimeoutMs, attempts);
    const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    return new GraphError(
      0,
      'networkError',
      `Could not reach Microsoft Graph for ${request}: ${reason}`,
      request,
    );
  }

  private errorFor(status: number, body: unknown, request: string, permission: string): GraphError {
    const { code, message = '' } = graphErrorBody(body);
    if (status === 403) return new GraphPermissionError(permission, code, message, request);
    if (status === 404) return new GraphNotFoundError(code, message, request);
    return new GraphError(
      status,
      code,
      `Microsoft Graph answered ${status} to ${request}${code ? ` (${code}: ${message})` : ''}`,
      request,
    );
  }
}
