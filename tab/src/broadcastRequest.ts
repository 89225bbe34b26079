import type { AudienceRequest, BroadcastRequestBody } from '../../src/tab/contract';

/** What the composer's form holds, as plain strings. */
export interface ComposerValues {
  readonly contentKind: 'checklist' | 'ready-notice' | 'own-notice';
  readonly checklistId: string;
  readonly readyNotice?: { readonly title: string; readonly text: string };
  readonly noticeTitle: string;
  readonly noticeText: string;
  readonly audienceKind: 'all' | 'team' | 'channel' | 'chat' | 'users' | 'group';
  readonly teamId: string;
  /** The Entra group's object id (a GUID), for the group audience. */
  readonly groupId: string;
  readonly ids: string;
  /** `<input type="datetime-local">` value, in the admin's own time zone; empty for now. */
  readonly sendAt: string;
}

/** `2026-12-01T09:00` (local) → `2026-12-01T09:00:00+01:00`: the API wants an explicit offset. */
export function localTimeWithOffset(local: string): string | undefined {
  const date = new Date(local);
  if (!local || Number.isNaN(date.getTime())) return undefined;
  const pad = (value: number) => String(Math.abs(value)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:00${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}

function audienceOf(values: ComposerValues): AudienceRequest | string {
  switch (values.audienceKind) {
    case 'all':
      return { kind: 'all' };
    case 'team':
      return values.teamId.trim() ? { kind: 'team', teamId: values.teamId.trim() } : 'Enter the team id.';
    case 'channel':
    case 'chat': {
      const ids = idList(values.ids);
      return ids.length > 0
        ? { kind: 'channels', ids }
        : `Enter at least one ${values.audienceKind === 'chat' ? 'group chat' : 'channel'} id.`;
    }
    case 'users': {
      const ids = idList(values.ids);
      return ids.length > 0
        ? { kind: 'users', ids }
        : 'Enter at least one e-mail address or Entra object id.';
    }
    case 'group': {
      const groupId = values.groupId.trim();
      return GUID.test(groupId)
        ? { kind: 'group', groupId }
        : "Enter the group's object id, a GUID such as 2b0f6c1e-8a4d-4b7e-9c3f-1d2e3f4a5b6c.";
    }
  }
}

/** The request body the form describes, or the first thing the admin still has to fill in. */
export function broadcastRequest(values: ComposerValues): BroadcastRequestBody | string {
  const audience = audienceOf(values);
  if (typeof audience === 'string') return audience;
  let sendAt: string | undefined;
  if (values.sendAt) {
    sendAt = localTimeWithOffset(values.sendAt);
    if (!sendAt) return 'The send time is not a valid date and time.';
  }
  const timing = sendAt ? { sendAt } : {};
  switch (values.contentKind) {
    case 'checklist':
      return values.checklistId
        ? { checklist: values.checklistId, audience, ...timing }
        : 'Choose a checklist.';
    case 'ready-notice':
      return values.readyNotice ? { notice: values.readyNotice, audience, ...timing } : 'Choose a notice.';
    case 'own-notice': {
      const title = values.noticeTitle.trim();
      const text = values.noticeText.trim();
      if (!title || !text) return 'A notice needs a title and a text.';
      return { notice: { title, text }, audience, ...timing };
    }
  }
}
