import type * as restify from 'restify';
import { z } from 'zod';
import type { AuditLog } from '../broadcast/auditLog';
import { ExampleProblem, type AddedExamples } from '../report/addedExamples';
import { REPORT_CSV_COLUMNS, reportRows } from '../report/reportCsv';
import type { UnansweredReportBuilder } from '../report/unansweredReport';
import type { Understanding } from '../understanding/understanding';
import { adminKeyGuard, type AdminKeyGuardOptions } from './adminKeyGuard';
import { toCsv } from './csv';

export interface ReportApiDependencies extends AdminKeyGuardOptions {
  readonly report: UnansweredReportBuilder;
  readonly examples: AddedExamples;
  readonly audit: AuditLog;
  /** The understanding in use after an example is added: the answer that wording gets now. */
  readonly understanding: () => Understanding;
}

const API_ACTOR = 'api';
const exampleRequest = z.strictObject({
  text: z.string().min(1).max(4000),
  topicId: z.string().min(1).max(100),
});

function wantsCsv(req: restify.Request): boolean {
  const format = new URLSearchParams(req.getQuery()).get('format');
  return format === 'csv' || (format === null && (req.header('accept') ?? '').includes('text/csv'));
}

/**
 * The unanswered-questions report for IT, behind the admin API key like `/api/broadcasts`:
 * `GET /api/report` (JSON, or CSV with `?format=csv` or `Accept: text/csv`) and
 * `POST /api/report/examples` `{text, topicId}`, which teaches the bot that wording.
 */
export function registerReportApi(server: restify.Server, deps: ReportApiDependencies): void {
  const { guard, guardWithBody } = adminKeyGuard(deps);

  server.get(
    '/api/report',
    guard(async (req, res) => {
      const report = await deps.report.build();
      if (!wantsCsv(req)) {
        res.send(200, report);
        return;
      }
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', 'attachment; filename="unanswered-questions.csv"');
      res.sendRaw(200, toCsv(REPORT_CSV_COLUMNS, reportRows(report)));
    }),
  );

  server.post(
    '/api/report/examples',
    guardWithBody(async (_req, res, body) => {
      const parsed = exampleRequest.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        res.send(400, {
          error: 'BadRequest',
          message: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'malformed'}`,
        });
        return;
      }
      try {
        const example = await deps.examples.add(parsed.data.text, parsed.data.topicId, API_ACTOR);
        await deps.audit.record({
          actor: API_ACTOR,
          action: 'report.example-added',
          detail: { via: 'api', topicId: example.topicId, texts: [example.text] },
        });
        const intent = deps.understanding().understand(example.text);
        res.send(201, { example, answerNow: intent.kind === 'topic' ? intent.topicId : intent.kind });
      } catch (error) {
        if (!(error instanceof ExampleProblem)) throw error;
        res.send(400, { error: 'BadRequest', message: error.message });
      }
    }),
  );
}
