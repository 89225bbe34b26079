import type { Logger } from 'pino';
import type * as restify from 'restify';
import { BodyError, readJsonBody, type BodyLimits } from './jsonBody';

export type JsonHandler = (req: restify.Request, res: restify.Response, body: unknown) => Promise<void>;
export type Handler = (req: restify.Request, res: restify.Response) => Promise<void>;

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  408: 'RequestTimeout',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
};

/** Answers a refused body; the connection is closed when part of the body may still be unread. */
function sendBodyError(res: restify.Response, error: BodyError): void {
  if (error.status !== 415) res.header('connection', 'close');
  res.send(error.status, { error: REASONS[error.status], message: error.reason });
}

/**
 * A route handler that can never crash the process or leak its internals: whatever it throws is
 * logged and answered with a generic 500 (if nothing was sent yet).
 */
export function guarded(logger: Logger, handler: Handler): Handler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      logger.error({ err: error, path: req.getPath() }, 'Request handler failed');
      if (!res.headersSent)
        res.send(500, { error: 'InternalError', message: 'The request could not be processed.' });
    }
  };
}

/** A guarded handler that receives the request's JSON body, read within the limits. */
export function withJsonBody(limits: BodyLimits, logger: Logger, handler: JsonHandler): Handler {
  return guarded(logger, async (req, res) => {
    let body: unknown;
    try {
      body = await readJsonBody(req, limits);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      logger.info(
        { status: error.status, reason: error.reason, path: req.getPath() },
        'Refused a request body',
      );
      sendBodyError(res, error);
      return;
    }
    await handler(req, res, body);
  });
}
