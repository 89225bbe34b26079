import type * as restify from 'restify';
import type { BroadcastService } from '../broadcast/broadcastService';
import type { RemindResponse } from '../tab/contract';
import type { RolloutContent } from '../tab/rolloutContent';
import type { MfaAdmin } from '../mfa/mfaAdmin';
import { registerTabMfaRoutes } from './tabMfaRoutes';
import { isRequestProblem, parseBroadcastRequest, sendRecipientsCsv } from './broadcastRequest';
import type { TabAuth } from './tabAuth';

export interface TabRolloutApiDependencies {
  readonly auth: TabAuth;
  readonly broadcasts: BroadcastService;
  readonly content: RolloutContent;
  /** MFA registration status; its routes answer 404 without it (Graph off). */
  readonly mfa?: MfaAdmin;
}

/** Broadcast ids are UUIDs; anything else cannot name one. */
const BROADCAST_ID = /^[A-Za-z0-9-]{1,100}$/;

/**
 * The tab's Rollout page under `/api/tab/rollout/`, for admins (ADMIN_AAD_IDS) only: the same
 * broadcasts, composer and actions as in chat, audited as `tab:<oid>`.
 */
export function registerTabRolloutApi(server: restify.Server, deps: TabRolloutApiDependencies): void {
  const { auth, broadcasts, content } = deps;
  if (deps.mfa) registerTabMfaRoutes(server, auth, deps.mfa);
  const notFound = (res: restify.Response) =>
    res.send(404, { error: 'NotFound', message: 'There is no such broadcast.' });
  /** The broadcast id of the path, or undefined once a 404 is sent. */
  const idOf = (req: restify.Request, res: restify.Response): string | undefined => {
    const id = (req.params as Record<string, string>).id;
    if (BROADCAST_ID.test(id)) return id;
    notFound(res);
    return undefined;
  };

  server.get(
    '/api/tab/rollout/options',
    auth.admin(async (_req, res) => {
      res.send(200, content.options());
    }),
  );

  server.get(
    '/api/tab/rollout/broadcasts',
    auth.admin(async (_req, res) => {
      const statuses = await broadcasts.list();
      res.send(200, { broadcasts: statuses.map((status) => content.summary(status)) });
    }),
  );

  server.get(
    '/api/tab/rollout/broadcasts/:id',
    auth.admin(async (req, res) => {
      const id = idOf(req, res);
      if (!id) return;
      const [status, recipients] = await Promise.all([broadcasts.status(id), broadcasts.recipients(id)]);
      if (!status || !recipients) return notFound(res);
      res.send(200, content.detail(status, recipients));
    }),
  );

  server.get(
    '/api/tab/rollout/broadcasts/:id/recipients.csv',
    auth.admin(async (req, res) => {
      const id = idOf(req, res);
      if (!id) return;
      const recipients = await broadcasts.recipients(id);
      if (!recipients) return notFound(res);
      sendRecipientsCsv(res, id, recipients);
    }),
  );

  server.post(
    '/api/tab/rollout/broadcasts/:id/remind',
    auth.admin(async (req, res, caller) => {
      const id = idOf(req, res);
      if (!id) return;
      const status = await broadcasts.status(id);
      if (!status) return notFound(res);
      if (status.content.kind === 'notice') {
        res.send(400, { error: 'BadRequest', message: 'A notice has no checklist to remind people of.' });
        return;
      }
      const reminder = await broadcasts.remindNotDone(caller.actor, id);
      const answer: RemindResponse = reminder
        ? { id: reminder.id, recipients: reminder.recipients }
        : { id: null, recipients: 0 };
      res.send(reminder ? 202 : 200, answer);
    }),
  );

  for (const action of ['cancel', 'recall'] as const) {
    server.post(
      `/api/tab/rollout/broadcasts/:id/${action}`,
      auth.admin(async (req, res, caller) => {
        const id = idOf(req, res);
        if (!id) return;
        const status = await broadcasts[action](caller.actor, id);
        if (!status) return notFound(res);
        res.send(200, { broadcast: content.summary(status) });
      }),
    );
  }

  server.post(
    '/api/tab/rollout/preview',
    auth.adminWithBody(async (_req, res, _caller, body) => {
      const parsed = parseBroadcastRequest(body);
      if ('problem' in parsed) return void res.send(400, { error: 'BadRequest', message: parsed.problem });
      try {
        res.send(200, await broadcasts.preview(parsed.request));
      } catch (error) {
        if (!isRequestProblem(error)) throw error;
        res.send(400, { error: 'BadRequest', message: error.message });
      }
    }),
  );

  server.post(
    '/api/tab/rollout/broadcasts',
    auth.adminWithBody(async (_req, res, caller, body) => {
      const parsed = parseBroadcastRequest(body);
      if ('problem' in parsed) return void res.send(400, { error: 'BadRequest', message: parsed.problem });
      try {
        res.send(202, await broadcasts.create(caller.actor, parsed.request));
      } catch (error) {
        if (!isRequestProblem(error)) throw error;
        res.send(400, { error: 'BadRequest', message: error.message });
      }
    }),
  );
}
