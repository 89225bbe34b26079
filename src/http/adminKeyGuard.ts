import type { Logger } from 'pino';
import type * as restify from 'restify';
import { hasAdminKey } from './adminAuth';
import type { FailedAdminAttempts } from './failedAdminAttempts';
import { guarded, withJsonBody, type Handler, type JsonHandler } from './requestBody';

const BODY_TIMEOUT_MS = 15_000;

export interface AdminKeyGuardOptions {
  /** Without a key the guarded routes answer 404, as if they did not exist. */
  readonly adminApiKey?: string;
  readonly failedAttempts: FailedAdminAttempts;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
}

export interface AdminKeyGuard {
  readonly guard: (handler: Handler) => Handler;
  readonly guardWithBody: (handler: JsonHandler) => Handler;
}

/**
 * `Authorization: Bearer <ADMIN_API_KEY>` in front of admin routes, as the broadcast API checks it:
 * the key first (constant time), a wrong one answered 401 and audited through FailedAdminAttempts
 * (429 once a source has failed too often), the body only read after the key passed.
 */
export function adminKeyGuard(options: AdminKeyGuardOptions): AdminKeyGuard {
  const refuse = (req: restify.Request, res: restify.Response): void => {
    const source = req.socket?.remoteAddress ?? 'unknown';
    res.header('connection', 'close');
    const waitMs = options.failedAttempts.retryAfterMs(source);
    options.failedAttempts.recordFailure(source, req.getPath());
    if (waitMs > 0) {
      res.header('Retry-After', String(Math.ceil(waitMs / 1000)));
      res.send(429, { error: 'TooManyRequests', message: 'Too many failed attempts. Try again later.' });
      return;
    }
    res.header('WWW-Authenticate', 'Bearer');
    res.send(401, { error: 'Unauthorized', message: 'A valid admin API key is required.' });
  };
  const guard = (handler: Handler): Handler =>
    guarded(options.logger, async (req, res) => {
      if (!options.adminApiKey) {
        res.send(404, { error: 'NotFound', message: `${req.getPath()} does not exist` });
        return;
      }
      if (hasAdminKey(req.header('authorization'), options.adminApiKey)) await handler(req, res);
      else refuse(req, res);
    });
  const guardWithBody = (handler: JsonHandler): Handler =>
    guard(
      withJsonBody({ maxBytes: options.maxBodyBytes, timeoutMs: BODY_TIMEOUT_MS }, options.logger, handler),
    );
  return { guard, guardWithBody };
}
