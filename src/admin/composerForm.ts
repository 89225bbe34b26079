import { z } from 'zod';
import type { BroadcastRequest } from '../broadcast/broadcastService';
import { ENTRA_ID, type Audience, type BroadcastContent } from '../broadcast/types';
import { zonedTimeToUtc } from '../broadcast/zonedTime';
import type { Guide } from '../guide/types';

/** The composer's inputs as the card sends them. */
export const composerInputs = z.object({
  content: z.string().min(1, 'Choose what to send.'),
  noticeTitle: z.string().trim().max(200).optional(),
  noticeText: z.string().trim().max(4000).optional(),
  why: z.string().trim().max(500).optional(),
  audience: z.string().min(1, 'Choose who gets it.'),
  users: z.string().max(100_000).optional(),
  groupId: z.string().trim().max(100).optional(),
  sendDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .or(z.literal(''))
    .optional(),
  sendTime: z
    .string()
    .regex(/^\d{2}:\d{2}(:\d{2})?$/)
    .or(z.literal(''))
    .optional(),
});
export type ComposerInputs = z.infer<typeof composerInputs>;

/** Inputs that parse but make no broadcast: the composer comes back with this message. */
export class ComposerProblem extends Error {}

/** What the admin entered, as far as it can be kept, to fill the composer again. */
export function inputsOf(data: unknown): Partial<ComposerInputs> {
  const parsed = composerInputs.partial().safeParse(data);
  return parsed.success ? parsed.data : {};
}

/** The broadcast the composer asks for; the send time is in the admin's time zone. */
export function requestFrom(
  inputs: ComposerInputs,
  guide: Guide,
  timezone: string,
  sender?: string,
): BroadcastRequest {
  const content = contentFrom(inputs, guide, sender);
  const audience = audienceFrom(inputs);
  let sendAt: Date | undefined;
  if (inputs.sendDate) {
    sendAt = zonedTimeToUtc(inputs.sendDate, inputs.sendTime || '09:00', timezone);
    if (Number.isNaN(sendAt.getTime()))
      throw new ComposerProblem('That send time is not a valid date and time.');
  } else if (inputs.sendTime) {
    throw new ComposerProblem('Choose a date for the send time, or leave both empty to send now.');
  }
  return { content, audience, sendAt };
}

/** "From <sender>" on a checklist: the admin's name, else simply IT. */
const DEFAULT_SENDER = 'IT';

export function contentFrom(inputs: ComposerInputs, guide: Guide, sender?: string): BroadcastContent {
  const [kind, id] = splitChoice(inputs.content);
  if (kind === 'checklist') {
    if (!guide.checklist(id)) throw new ComposerProblem(`There is no checklist "${id}".`);
    const why = inputs.why?.trim();
    return { kind: 'checklist', checklistId: id, ...(why ? { why, from: sender ?? DEFAULT_SENDER } : {}) };
  }
  if (kind === 'notice' && id === 'custom') {
    if (!inputs.noticeTitle || !inputs.noticeText)
      throw new ComposerProblem('Your own notice needs a title and a text.');
    return { kind: 'notice', title: inputs.noticeTitle, text: inputs.noticeText };
  }
  const notice = guide.notices.find((candidate) => candidate.id === id);
  if (kind !== 'notice' || !notice) throw new ComposerProblem('Choose what to send.');
  return { kind: 'notice', title: notice.title, text: notice.text };
}

export function audienceFrom(inputs: ComposerInputs): Audience {
  const [kind, id] = splitChoice(inputs.audience);
  if (kind === 'all') return { kind: 'all' };
  if (kind === 'team' && id) return { kind: 'team', teamId: id };
  if (kind === 'channel' && id) return { kind: 'channels', ids: [id] };
  if (kind === 'users') {
    const ids = (inputs.users ?? '')
      .split(/[\s,;]+/)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    if (ids.length === 0)
      throw new ComposerProblem('Add the people: e-mail addresses or Entra object ids, separated by commas.');
    return { kind: 'users', ids };
  }
  if (kind === 'group') {
    const groupId = inputs.groupId ?? '';
    if (!ENTRA_ID.test(groupId))
      throw new ComposerProblem(
        "Enter the group's object id: a GUID such as 2b0f6c1e-8a4d-4b7e-9c3f-1d2e3f4a5b6c (Entra admin center, the group's Overview).",
      );
    return { kind: 'group', groupId };
  }
  throw new ComposerProblem('Choose who gets it.');
}

/** A choice's value: `kind:id`, or just `kind`. */
export function splitChoice(value: string): [string, string] {
  const index = value.indexOf(':');
  return index < 0 ? [value, ''] : [value.slice(0, index), value.slice(index + 1)];
}
