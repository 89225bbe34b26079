import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import * as restify from 'restify';
import type { OnboardingBot } from '../bot/onboardingBot';
import { tenantOf } from '../bot/conversationSighting';
import { isActivityShaped } from './activityShape';
import { BufferedResponse } from './bufferedResponse';

export interface ServerDependencies {
  readonly adapter: CloudAdapter;
  readonly bot: OnboardingBot;
  readonly logger: Logger;
  readonly allowedTenantIds: readonly string[];
  readonly maxBodyBytes: number;
  readonly health: () => Record<string, unknown>;
}

/** The bot's HTTP surface: `POST /api/messages` for Teams and `GET /healthz`. */
export function createServer(deps: ServerDependencies): restify.Server {
  const server = restify.createServer({ name: 'm365-onboarding-bot', handleUncaughtExceptions: false });
  const allowedTenants = new Set(deps.allowedTenantIds);

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok', ...deps.health() });
  });

  server.post(
    '/api/messages',
    restify.plugins.bodyReader({ maxBodySize: deps.maxBodyBytes }),
    restify.plugins.jsonBodyParser({ bodyReader: true }),
    async (req: restify.Request, res: restify.Response) => {
      const activity: unknown = req.body;
      if (!isActivityShaped(activity)) {
        res.send(400, {
          error: 'BadRequest',
          message: 'The body must be a Bot Framework activity (JSON with a "type").',
        });
        return;
      }
      const tenant = tenantOf(activity);
      let refusedTenant: string | undefined;
      const buffered = new BufferedResponse();
      await deps.adapter.process(req, buffered, async (context) => {
        if (allowedTenants.size > 0 && (!tenant || !allowedTenants.has(tenant))) {
          refusedTenant = tenant ?? '(none)';
          return;
        }
        await deps.bot.run(context);
      });
      if (refusedTenant !== undefined) {
        deps.logger.warn(
          { tenant: refusedTenant, type: activity.type },
          'Refused an activity from a tenant that is not allowed',
        );
        res.send(403, { error: 'Forbidden', message: 'This tenant is not allowed to use the bot.' });
        return;
      }
      buffered.writeTo(res);
    },
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
  return server;
}
