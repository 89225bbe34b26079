import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import type * as restify from 'restify';
import { createRestifyServer } from './restify';
import type { OnboardingBot } from '../bot/onboardingBot';
import { tenantOf } from '../bot/conversationSighting';
import { randomUUID } from 'node:crypto';
import { setTurnLogger } from '../bot/turnLogger';
import { activityProblem } from './activitySchema';
import { BufferedResponse } from './bufferedResponse';
import { withJsonBody } from './requestBody';

export interface ServerDependencies {
  readonly adapter: CloudAdapter;
  readonly bot: OnboardingBot;
  readonly logger: Logger;
  readonly allowedTenantIds: readonly string[];
  readonly maxBodyBytes: number;
  /** A turn still running after this (a hung Bot Connector) is answered 503 and left to finish. */
  readonly turnDeadlineMs: number;
  readonly health: () => Record<string, unknown>;
}

/** Slow clients are cut off: headers within this, the whole request within REQUEST_TIMEOUT_MS. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const BODY_TIMEOUT_MS = 15_000;

/** What a caller is told when the SDK refused or failed a request; the details go to the log only. */
const GENERIC_BODIES: Record<number, object> = {
  401: { error: 'Unauthorized', message: 'A valid Bot Framework token is required.' },
  500: { error: 'InternalError', message: 'The request could not be processed.' },
};

/** Whether `work` settles within `ms`; its failure, if any, is left for the caller to see. */
async function finishesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The bot's HTTP surface: `POST /api/messages` for Teams and `GET /healthz`. */
export function createServer(deps: ServerDependencies): restify.Server {
  const server = createRestifyServer({ name: 'm365-onboarding-bot', handleUncaughtExceptions: false });
  server.server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.server.requestTimeout = REQUEST_TIMEOUT_MS;
  const allowedTenants = new Set(deps.allowedTenantIds);
  const bodyLimits = { maxBytes: deps.maxBodyBytes, timeoutMs: BODY_TIMEOUT_MS };

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok', ...deps.health() });
  });

  server.post(
    '/api/messages',
    withJsonBody(bodyLimits, deps.logger, async (req, res, activity) => {
      const problem = activityProblem(activity);
      if (problem !== undefined) {
        deps.logger.info({ problem }, 'Refused a malformed activity');
        res.send(400, { error: 'BadRequest', message: 'The body is not a valid Bot Framework activity.' });
        return;
      }
      req.body = activity;
      const tenant = tenantOf(activity as Parameters<typeof tenantOf>[0]);
      let refusedTenant: string | undefined;
      const buffered = new BufferedResponse();
      // Made on the first line logged: most turns log nothing, and a child logger is not free.
      let child: Logger | undefined;
      const log = () => (child ??= deps.logger.child({ turnId: randomUUID().slice(0, 8) }));
      const turn = deps.adapter.process(req, buffered, async (context) => {
        setTurnLogger(context, log);
        if (allowedTenants.size > 0 && (!tenant || !allowedTenants.has(tenant))) {
          refusedTenant = tenant ?? '(none)';
          return;
        }
        await deps.bot.run(context);
      });
      if (!(await finishesWithin(turn, deps.turnDeadlineMs))) {
        turn.catch((error: unknown) => log().warn({ err: error }, 'A late turn failed'));
        log().warn({ deadlineMs: deps.turnDeadlineMs }, 'A turn missed its deadline; answered 503');
        res.send(503, { error: 'Unavailable', message: 'The bot could not answer in time. Try again.' });
        return;
      }
      if (refusedTenant !== undefined) {
        log().warn({ tenant: refusedTenant }, 'Refused an activity from a tenant that is not allowed');
        res.send(403, { error: 'Forbidden', message: 'This tenant is not allowed to use the bot.' });
        return;
      }
      const generic = GENERIC_BODIES[buffered.statusCode >= 500 ? 500 : buffered.statusCode];
      if (generic) {
        const write = buffered.statusCode >= 500 ? log().error : log().info;
        write.call(
          log(),
          { status: buffered.statusCode, detail: buffered.body },
          'Activity refused by the adapter',
        );
        res.send(buffered.statusCode, generic);
        return;
      }
      buffered.writeTo(res);
    }),
  );

  server.on(
    'restifyError',
    (
      req: restify.Request,
      _res: restify.Response,
      error: Error & { statusCode?: number },
      callback: () => void,
    ) => {
      const status = error.statusCode ?? 500;
      const log = status >= 500 ? deps.logger.error.bind(deps.logger) : deps.logger.info.bind(deps.logger);
      log({ err: error, status, path: req.path?.() }, 'HTTP request failed');
      callback();
    },
  );
  // A socket-level error (a reset mid-request, a malformed request line) ends that connection only.
  server.server.on('clientError', (error: Error, socket) => {
    deps.logger.debug({ err: error }, 'Client connection error');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}
