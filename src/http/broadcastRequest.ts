import type * as restify from 'restify';
import { z } from 'zod';
import { AudienceError } from '../broadcast/audienceResolver';
import {
  BroadcastRequestError,
  type BroadcastRequest,
  type RecipientReport,
} from '../broadcast/broadcastService';
import { audienceSchema, type BroadcastContent } from '../broadcast/types';
import { ChecklistActionError } from '../checklists/checklistService';
import { toCsv } from './csv';
import { isStrictIsoTime } from './sendAt';

/** A new broadcast, as the admin API and the tab's Rollout composer both take it. */
export const broadcastRequestSchema = z
  .strictObject({
    checklist: z.string().trim().min(1).max(100).optional(),
    /** With a checklist: who sends it and why, shown above it ("From IT: …"). */
    from: z.string().trim().min(1).max(100).optional(),
    why: z.string().trim().min(1).max(500).optional(),
    notice: z
      .strictObject({ title: z.string().trim().min(1).max(200), text: z.string().trim().min(1).max(4000) })
      .optional(),
    audience: audienceSchema,
    sendAt: z
      .string()
      .refine(
        isStrictIsoTime,
        'must be a real ISO 8601 time with a time zone offset, e.g. 2026-12-01T09:00:00+01:00',
      )
      .optional(),
  })
  .refine((body) => (body.checklist === undefined) !== (body.notice === undefined), {
    message: 'give exactly one of "checklist" or "notice"',
  })
  .refine((body) => body.checklist !== undefined || (body.why === undefined && body.from === undefined), {
    message: '"from" and "why" go with a checklist; a notice says it in its own text',
  });

/** The request a valid body asks for, or the first reason it is not valid (for a 400). */
export function parseBroadcastRequest(
  body: unknown,
): { readonly request: BroadcastRequest } | { readonly problem: string } {
  const parsed = broadcastRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `${issue.path.join('.') || 'body'}: ${issue.message}` };
  }
  const { checklist, notice, audience, sendAt, from, why } = parsed.data;
  const content: BroadcastContent = checklist
    ? { kind: 'checklist', checklistId: checklist, ...(why ? { why, from: from ?? 'IT' } : {}) }
    : { kind: 'notice', ...(notice as { title: string; text: string }) };
  return { request: { content, audience, sendAt: sendAt ? new Date(sendAt) : undefined } };
}

/** A broadcast that cannot be made as asked (unknown checklist, audience the app cannot reach): a 400. */
export function isRequestProblem(error: unknown): error is Error {
  return (
    error instanceof AudienceError ||
    error instanceof BroadcastRequestError ||
    error instanceof ChecklistActionError
  );
}

const RECIPIENT_COLUMNS = ['key', 'label', 'kind', 'state', 'attempts', 'progress', 'error'];

/** A broadcast's recipients as a CSV download (formula-safe fields). */
export function sendRecipientsCsv(
  res: restify.Response,
  broadcastId: string,
  recipients: readonly RecipientReport[],
): void {
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="broadcast-${broadcastId}.csv"`);
  res.sendRaw(200, toCsv(RECIPIENT_COLUMNS, recipients as unknown as Record<string, unknown>[]));
}
