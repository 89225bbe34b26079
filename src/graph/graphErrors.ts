/** What Graph says in an error body: `{"error": {"code": "…", "message": "…"}}`. */
export interface GraphErrorBody {
  readonly code?: string;
  readonly message?: string;
}

/** A Graph call that failed. `status` is 0 when no HTTP answer came (network error, timeout). */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    /** Graph's error code, e.g. `Request_BadRequest`, or ours: `networkError`, `timeout`. */
    readonly code: string | undefined,
    message: string,
    /** `GET /v1.0/users/…`, without the host: which call failed. */
    readonly request: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/**
 * 403: the app lacks an application permission (or admin consent for it), or the tenant lacks the
 * licence the API needs. `permission` is the one the caller declared the call needs.
 */
export class GraphPermissionError extends GraphError {
  constructor(
    readonly permission: string,
    code: string | undefined,
    graphMessage: string,
    request: string,
  ) {
    super(
      403,
      code,
      `Microsoft Graph refused ${request}: the app needs the application permission ${permission} ` +
        `with admin consent (${code ?? 'Forbidden'}: ${graphMessage})`,
      request,
    );
    this.name = 'GraphPermissionError';
  }
}

/** 404: the user, group or installation does not exist (or is not visible to the app). */
export class GraphNotFoundError extends GraphError {
  constructor(code: string | undefined, graphMessage: string, request: string) {
    super(
      404,
      code,
      `Microsoft Graph found nothing at ${request} (${code ?? 'NotFound'}: ${graphMessage})`,
      request,
    );
    this.name = 'GraphNotFoundError';
  }
}

/** Graph kept answering 429/503/504 and the retries ran out, or it asked for a longer wait than allowed. */
export class GraphThrottledError extends GraphError {
  constructor(
    status: number,
    request: string,
    readonly attempts: number,
    /** The last Retry-After Graph sent, in milliseconds: when a later try may succeed. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(
      status,
      status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
      `Microsoft Graph is throttling or unavailable (${status}) for ${request}; gave up after ${attempts} ` +
        `attempt${attempts === 1 ? '' : 's'}${retryAfterMs === undefined ? '' : `, it asked to wait ${Math.ceil(retryAfterMs / 1000)} s`}`,
      request,
    );
    this.name = 'GraphThrottledError';
  }
}

/** Graph did not answer within the per-request timeout, on every attempt. */
export class GraphTimeoutError extends GraphError {
  constructor(request: string, timeoutMs: number, attempts: number) {
    super(
      0,
      'timeout',
      `Microsoft Graph did not answer ${request} within ${timeoutMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'})`,
      request,
    );
    this.name = 'GraphTimeoutError';
  }
}

/** Graph's error body, or what can be said without one. */
export function graphErrorBody(body: unknown): GraphErrorBody {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (typeof error !== 'object' || error === null) return {};
  const { code, message } = error as Record<string, unknown>;
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}
