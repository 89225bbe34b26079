import type { Logger } from 'pino';
import type * as restify from 'restify';
import type { AuditLog } from '../broadcast/auditLog';
import type { BroadcastService } from '../broadcast/broadcastService';
import { adminKeyGuard } from './adminKeyGuard';
import { isRequestProblem, parseBroadcastRequest, sendRecipientsCsv } from './broadcastRequest';
import type { DownloadLinks } from '../broadcast/downloadLinks';
import type { FailedAdminAttempts } from './failedAdminAttempts';
import { guarded } from './requestBody';

export interface BroadcastApiDependencies {
  readonly downloadLinks: DownloadLinks;
  readonly broadcasts: BroadcastService;
  readonly audit: AuditLog;
  readonly adminApiKey?: string;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  readonly failedAttempts: FailedAdminAttempts;
}

const API_ACTOR = 'api';

/**
 * The admin API under `/api/broadcasts`, behind `Authorization: Bearer <ADMIN_API_KEY>`. Without a
 * configured key the routes answer 404, as if they did not exist.
 */
export function registerBroadcastApi(server: restify.Server, deps: BroadcastApiDependencies): void {
  const notFound = (res: restify.Response, id: string) =>
    res.send(404, { error: 'NotFound', message: `No broadcast "${id}".` });
  const off = (req: restify.Request, res: restify.Response) =>
    res.send(404, { error: 'NotFound', message: `${req.getPath()} does not exist` });

  // The key is checked before anything else, the body included; wrong keys are throttled per source.
  const { guard, guardWithBody } = adminKeyGuard({
    adminApiKey: deps.adminApiKey,
    failedAttempts: deps.failedAttempts,
    logger: deps.logger,
    maxBodyBytes: deps.maxBodyBytes,
  });

  server.post(
    '/api/broadcasts',
    guardWithBody(async (_req, res, body) => {
      const parsed = parseBroadcastRequest(body);
      if ('problem' in parsed) {
        res.send(400, { error: 'BadRequest', message: parsed.problem });
        return;
      }
      try {
        res.send(202, await deps.broadcasts.create(API_ACTOR, parsed.request));
      } catch (error) {
        if (isRequestProblem(error)) {
          res.send(400, { error: 'BadRequest', message: error.message });
          return;
        }
        throw error;
      }
    }),
  );

  server.get(
    '/api/broadcasts',
    guard(async (_req, res) => {
      res.send(200, { broadcasts: await deps.broadcasts.list() });
    }),
  );

  server.get(
    '/api/broadcasts/:id',
    guard(async (req, res) => {
      const status = await deps.broadcasts.status(req.params.id);
      if (!status) return notFound(res, req.params.id);
      res.send(200, status);
    }),
  );

  // The status card's "Download list": a short-lived signed link instead of the API key.
  server.get(
    '/api/broadcasts/:id/recipients.csv',
    guarded(deps.logger, async (req, res) => {
      if (!deps.adminApiKey) return off(req, res);
      const query = new URLSearchParams(req.getQuery());
      if (
        !deps.downloadLinks.isValid(
          req.params.id,
          query.get('expires') ?? undefined,
          query.get('sig') ?? undefined,
        )
      ) {
        res.send(403, {
          error: 'Forbidden',
          message:
            'This download link is not valid or has expired. Press Refresh on the status card for a new one.',
        });
        return;
      }
      const recipients = await deps.broadcasts.recipients(req.params.id);
      if (!recipients) return notFound(res, req.params.id);
      sendRecipientsCsv(res, req.params.id, recipients);
    }),
  );

  server.get(
    '/api/broadcasts/:id/recipients',
    guard(async (req, res) => {
      const recipients = await deps.broadcasts.recipients(req.params.id);
      if (!recipients) return notFound(res, req.params.id);
      if ((req.header('accept') ?? '').includes('text/csv')) {
        sendRecipientsCsv(res, req.params.id, recipients);
        return;
      }
      res.send(200, { recipients });
    }),
  );

  for (const action of ['cancel', 'recall', 'resume'] as const) {
    server.post(
      `/api/broadcasts/:id/${action}`,
      guard(async (req, res) => {
        const status = await deps.broadcasts[action](API_ACTOR, req.params.id);
        if (!status) return notFound(res, req.params.id);
        res.send(200, status);
      }),
    );
  }
}
