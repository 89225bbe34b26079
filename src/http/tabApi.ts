import type { Logger } from 'pino';
import type * as restify from 'restify';
import { z } from 'zod';
import { ChecklistActionError } from '../checklists/checklistService';
import type { OrganisationSettings, TabApiSettings } from '../config';
import type { MeResponse, TabSettingsResponse } from '../tab/contract';
import type { GuideContent } from '../tab/guideContent';
import type { TabAnswers } from '../tab/tabAnswers';
import type { TabChecklists } from '../tab/tabChecklists';
import { MAX_MESSAGE_LENGTH } from '../understanding/understanding';
import { guarded } from './requestBody';
import { noStore, type TabAuth } from './tabAuth';

export interface TabApiDependencies {
  readonly auth: TabAuth;
  readonly guide: GuideContent;
  readonly answers: TabAnswers;
  readonly checklists: TabChecklists;
  readonly organisation: OrganisationSettings;
  /** Undefined while the tab API is off. */
  readonly api?: TabApiSettings;
  readonly logger: Logger;
  /** Per-person question rate, as in chat: true when this person may ask now. */
  readonly mayAsk: (personKey: string) => boolean;
}

/** Ids in paths: guide ids are short words, digits, dots, dashes and underscores. */
export const PATH_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const askSchema = z.strictObject({
  text: z.string().min(1).max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`),
  lastTopicId: z.string().regex(PATH_ID, 'must be a topic id').optional(),
});
const stepSchema = z.strictObject({ done: z.boolean() });

/** Answers 400 with the first problem of a body that does not validate. */
export function badRequest(res: restify.Response, error: z.ZodError): void {
  const issue = error.issues[0];
  res.send(400, { error: 'BadRequest', message: `${issue.path.join('.') || 'body'}: ${issue.message}` });
}

/**
 * The personal tab's own endpoints under `/api/tab/`: the public guide, and, with a valid Entra
 * token, the person's questions, identity and checklists. Rollout is in tabRolloutApi.ts.
 */
export function registerTabApi(server: restify.Server, deps: TabApiDependencies): void {
  const { auth } = deps;

  // Public: the guide is the same for everyone, and the tab shows it before anyone signs in.
  server.get(
    '/api/tab/guide',
    guarded(deps.logger, async (_req, res) => {
      res.header('Cache-Control', 'no-cache');
      res.header('X-Content-Type-Options', 'nosniff');
      res.send(200, deps.guide.guide());
    }),
  );

  // Public: the client id and scope are in the app manifest too; nothing here is a secret.
  const settings: TabSettingsResponse = deps.api
    ? { clientId: deps.api.clientId, apiScope: apiScopeOf(deps.api) }
    : {};
  server.get(
    '/api/tab/settings',
    guarded(deps.logger, async (_req, res) => {
      res.header('Cache-Control', 'no-cache');
      res.header('X-Content-Type-Options', 'nosniff');
      res.send(200, settings);
    }),
  );

  server.post(
    '/api/tab/ask',
    auth.personalWithBody(async (_req, res, caller, body) => {
      const parsed = askSchema.safeParse(body);
      if (!parsed.success) return badRequest(res, parsed.error);
      if (!deps.mayAsk(caller.person.key)) {
        res.header('Retry-After', '10');
        res.send(429, {
          error: 'TooManyRequests',
          message: 'Too many questions at once. Try again shortly.',
        });
        return;
      }
      res.send(200, await deps.answers.ask(parsed.data, caller.person));
    }),
  );

  server.get(
    '/api/tab/me',
    auth.personal(async (_req, res, caller) => {
      const me: MeResponse = {
        user: {
          ...(caller.user.name ? { name: caller.user.name } : {}),
          oid: caller.user.oid,
          tenantId: caller.user.tenantId,
        },
        isAdmin: caller.isAdmin,
        support: { name: deps.organisation.supportName, email: deps.organisation.supportEmail },
        orgName: deps.organisation.orgName,
      };
      res.send(200, me);
    }),
  );

  server.get(
    '/api/tab/checklists',
    auth.personal(async (_req, res, caller) => {
      res.send(200, { checklists: await deps.checklists.list(caller.person) });
    }),
  );

  server.post(
    '/api/tab/checklists/:checklistId/steps/:stepId',
    auth.personalWithBody(async (req, res, caller, body) => {
      const { checklistId, stepId } = req.params as Record<string, string>;
      if (!PATH_ID.test(checklistId) || !PATH_ID.test(stepId)) {
        res.send(400, { error: 'BadRequest', message: 'The checklist or step id is not valid.' });
        return;
      }
      const parsed = stepSchema.safeParse(body);
      if (!parsed.success) return badRequest(res, parsed.error);
      try {
        const checklist = await deps.checklists.setStep(caller.person, checklistId, stepId, parsed.data.done);
        res.send(200, { checklist });
      } catch (error) {
        if (!(error instanceof ChecklistActionError)) throw error;
        res.send(404, { error: 'NotFound', message: error.message });
      }
    }),
  );

  // Anything else under /api/tab/ is JSON 404 too, never the static files' answers.
  for (const method of ['get', 'post', 'put', 'del', 'patch'] as const) {
    server[method](
      '/api/tab/*',
      guarded(deps.logger, async (req, res) => {
        noStore(res);
        res.send(404, { error: 'NotFound', message: `${req.getPath()} does not exist.` });
      }),
    );
  }
}

/** The scope a tab asks Entra for: the API's application id URI (the `api://` audience) and the scope name. */
function apiScopeOf(api: TabApiSettings): string {
  const appIdUri = api.audiences.find((audience) => audience.startsWith('api://')) ?? `api://${api.clientId}`;
  return `${appIdUri}/${api.scope}`;
}
