import type { Logger } from 'pino';
import * as restify from 'restify';
import { z } from 'zod';
import type { AuditLog } from '../broadcast/auditLog';
import { AudienceError } from '../broadcast/audienceResolver';
import { BroadcastRequestError, type BroadcastService } from '../broadcast/broadcastService';
import { audienceSchema, type BroadcastContent } from '../broadcast/types';
import { ChecklistActionError } from '../checklists/checklistService';
import { hasAdminKey } from './adminAuth';
import { toCsv } from './csv';
import type { DownloadLinks } from '../broadcast/downloadLinks';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

const requestSchema = z
  .strictObject({
    checklist: z.string().trim().min(1).max(100).optional(),
    notice: z
      .strictObject({ title: z.string().trim().min(1).max(200), text: z.string().trim().min(1).max(4000) })
      .optional(),
    audience: audienceSchema,
    sendAt: z
      .string()
      .regex(
        ISO_WITH_OFFSET,
        'must be an ISO 8601 time with a time zone offset, e.g. 2026-12-01T09:00:00+01:00',
      )
      .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a valid date')
      .optional(),
  })
  .refine((body) => (body.checklist === undefined) !== (body.notice === undefined), {
    message: 'give exactly one of "checklist" or "notice"',
  });

const RECIPIENT_COLUMNS = ['key', 'label', 'kind', 'state', 'attempts', 'progress', 'error'];

export interface BroadcastApiDependencies {
  readonly downloadLinks: DownloadLinks;
  readonly broadcasts: BroadcastService;
  readonly audit: AuditLog;
  readonly adminApiKey?: string;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
}

const API_ACTOR = 'api';

/**
 * The admin API under `/api/broadcasts`, behind `Authorization: Bearer <ADMIN_API_KEY>`. Without a
 * configured key the routes answer 404, as if they did not exist.
 */
export function registerBroadcastApi(server: restify.Server, deps: BroadcastApiDependencies): void {
  const guard =
    (handler: (req: restify.Request, res: restify.Response) => Promise<void>) =>
    async (req: restify.Request, res: restify.Response) => {
      if (!deps.adminApiKey) {
        res.send(404, { error: 'NotFound', message: `${req.getPath()} does not exist` });
        return;
      }
      if (!hasAdminKey(req.header('authorization'), deps.adminApiKey)) {
        await deps.audit.record({
          actor: 'unknown',
          action: 'broadcast.refused',
          detail: { path: req.getPath(), method: req.method, reason: 'missing or wrong API key' },
        });
        res.header('WWW-Authenticate', 'Bearer');
        res.send(401, { error: 'Unauthorized', message: 'A valid admin API key is required.' });
        return;
      }
      await handler(req, res);
    };
  const notFound = (res: restify.Response, id: string) =>
    res.send(404, { error: 'NotFound', message: `No broadcast "${id}".` });
  const body = [
    restify.plugins.bodyReader({ maxBodySize: deps.maxBodyBytes }),
    restify.plugins.jsonBodyParser({ bodyReader: true }),
  ];

  server.post(
    '/api/broadcasts',
    ...body,
    guard(async (req, res) => {
      const parsed = requestSchema.safeParse(req.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        res.send(400, {
          error: 'BadRequest',
          message: `${issue.path.join('.') || 'body'}: ${issue.message}`,
        });
        return;
      }
      const { checklist, notice, audience, sendAt } = parsed.data;
      const content: BroadcastContent = checklist
        ? { kind: 'checklist', checklistId: checklist }
        : { kind: 'notice', ...(notice as { title: string; text: string }) };
      try {
        const created = await deps.broadcasts.create(API_ACTOR, {
          content,
          audience,
          sendAt: sendAt ? new Date(sendAt) : undefined,
        });
        res.send(202, created);
      } catch (error) {
        if (
          error instanceof AudienceError ||
          error instanceof BroadcastRequestError ||
          error instanceof ChecklistActionError
        ) {
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
  server.get('/api/broadcasts/:id/recipients.csv', async (req: restify.Request, res: restify.Response) => {
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
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="broadcast-${req.params.id}.csv"`);
    res.sendRaw(200, toCsv(RECIPIENT_COLUMNS, recipients as unknown as Record<string, unknown>[]));
  });

  server.get(
    '/api/broadcasts/:id/recipients',
    guard(async (req, res) => {
      const recipients = await deps.broadcasts.recipients(req.params.id);
      if (!recipients) return notFound(res, req.params.id);
      if ((req.header('accept') ?? '').includes('text/csv')) {
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="broadcast-${req.params.id}.csv"`);
        res.sendRaw(200, toCsv(RECIPIENT_COLUMNS, recipients as unknown as Record<string, unknown>[]));
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
