import type * as restify from 'restify';
import type { MfaAdmin } from '../mfa/mfaAdmin';
import type { MfaRefreshResponse, MfaRemindResponse, MfaReportResponse } from '../tab/contract';
import { toCsv } from './csv';
import type { TabAuth } from './tabAuth';

const CSV_COLUMNS = ['id', 'name', 'userPrincipalName', 'inTeams'] as const;

/**
 * The Rollout page's MFA section under `/api/tab/rollout/mfa`, admins only: the report, its CSV,
 * a refresh from Entra ID, and "Remind them" (audited as the broadcast it creates, as `tab:<oid>`).
 */
export function registerTabMfaRoutes(server: restify.Server, auth: TabAuth, mfa: MfaAdmin): void {
  const report = async (): Promise<MfaReportResponse> => mfa.report.build();

  server.get(
    '/api/tab/rollout/mfa',
    auth.admin(async (_req, res) => {
      res.send(200, await report());
    }),
  );

  server.get(
    '/api/tab/rollout/mfa/not-registered.csv',
    auth.admin(async (_req, res) => {
      const { unregistered } = await report();
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', 'attachment; filename="mfa-not-registered.csv"');
      res.sendRaw(
        200,
        toCsv(
          CSV_COLUMNS,
          unregistered.map((person) => ({ ...person })),
        ),
      );
    }),
  );

  server.post(
    '/api/tab/rollout/mfa/refresh',
    auth.admin(async (_req, res) => {
      const { outcome, sentence } = await mfa.refresh();
      const answer: MfaRefreshResponse = { outcome: outcome.kind, message: sentence, report: await report() };
      res.send(200, answer);
    }),
  );

  server.post(
    '/api/tab/rollout/mfa/remind',
    auth.admin(async (_req, res, caller) => {
      const sent = await mfa.remind(caller.actor);
      const answer: MfaRemindResponse = sent ?? { id: null, recipients: 0, unreachable: 0 };
      res.send(sent ? 202 : 200, answer);
    }),
  );
}
