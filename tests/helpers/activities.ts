import type { Activity } from 'botbuilder';

/** Builders for msteams-shaped activities, as Teams sends them. */
export interface Person {
  readonly teamsId: string;
  readonly aadObjectId: string;
  readonly name: string;
}

export const TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const BOT = { id: '28:00000000-0000-0000-0000-0000000000b0', name: 'Setup Assistant' };
export const ALICE: Person = { teamsId: '29:alice', aadObjectId: 'aad-alice', name: 'Alice Example' };
export const BOB: Person = { teamsId: '29:bob', aadObjectId: 'aad-bob', name: 'Bob Example' };

let sequence = 0;

interface Options {
  readonly person?: Person;
  readonly conversationId?: string;
  readonly serviceUrl?: string;
  readonly tenantId?: string;
  readonly conversationType?: string;
  readonly timezone?: string;
  /** The message a pressed card belongs to. */
  readonly replyToId?: string;
}

function base(type: string, options: Options): Partial<Activity> {
  const person = options.person ?? ALICE;
  const tenantId = options.tenantId ?? TENANT_ID;
  return {
    type,
    id: `activity-${++sequence}`,
    timestamp: new Date(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl ?? 'https://smba.trafficmanager.net/emea/',
    from: { id: person.teamsId, name: person.name, aadObjectId: person.aadObjectId, role: 'user' },
    recipient: { id: BOT.id, name: BOT.name, role: 'bot' },
    conversation: {
      id: options.conversationId ?? `a:personal-${person.teamsId}`,
      conversationType: options.conversationType ?? 'personal',
      tenantId,
      isGroup: (options.conversationType ?? 'personal') !== 'personal',
      name: '',
    },
    channelData: { tenant: { id: tenantId } },
    locale: 'en-GB',
    localTimezone: options.timezone ?? 'Europe/London',
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
  };
}

export function messageFrom(text: string, options: Options = {}): Partial<Activity> {
  return { ...base('message', options), text, textFormat: 'plain' };
}

export function cardActionFrom(
  verb: string,
  data: Record<string, unknown>,
  options: Options = {},
): Partial<Activity> {
  return {
    ...base('invoke', options),
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

export function installationFrom(action: 'add' | 'remove', options: Options = {}): Partial<Activity> {
  return { ...base('installationUpdate', options), action };
}

export function botAddedFrom(options: Options = {}): Partial<Activity> {
  return { ...base('conversationUpdate', options), membersAdded: [{ id: BOT.id, name: BOT.name }] };
}
