import { z } from 'zod';
import { isValidTimeZone } from '../broadcast/zonedTime';

/*
 * What an incoming activity must look like before anything acts on it or stores it. Every field the
 * bot reads is checked for type and size; null is not "absent". Fields the bot never reads pass
 * through unchecked (looseObject), so Teams can add new ones without breaking us.
 */

const id = z.string().min(1).max(1024);
const name = z.string().max(512);
const shortText = z.string().max(256);

const knownTimeZones = new Map<string, boolean>();
/** An IANA zone name that Intl understands (nudges compute local hours with it). */
function isTimeZone(zone: string): boolean {
  let known = knownTimeZones.get(zone);
  if (known === undefined) {
    known = isValidTimeZone(zone);
    if (knownTimeZones.size < 1000) knownTimeZones.set(zone, known);
  }
  return known;
}

const serviceUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const protocol = new URL(value).protocol;
    return protocol === 'https:' || protocol === 'http:';
  }, 'must be an http(s) URL');

const account = z.looseObject({
  id,
  name: name.optional(),
  aadObjectId: shortText.optional(),
  role: shortText.optional(),
});

const channelData = z.looseObject({
  tenant: z.looseObject({ id: shortText }).optional(),
  team: z.looseObject({ id, name: name.optional(), aadGroupId: shortText.optional() }).optional(),
  channel: z.looseObject({ id: id.optional(), name: name.optional() }).optional(),
  eventType: shortText.optional(),
});

const entity = z.looseObject({
  type: shortText,
  mentioned: z.looseObject({ id: id.optional(), name: name.optional() }).optional(),
  text: z.string().max(1024).optional(),
});
/** A mention must name who is mentioned and how: the bot strips its own from the message text. */
const mention = entity.refine(
  (value) => value.type !== 'mention' || (value.mentioned?.id !== undefined && value.text !== undefined),
  'a mention needs mentioned.id and text',
);

export const incomingActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: id.optional(),
  name: shortText.optional(),
  action: shortText.optional(),
  serviceUrl,
  channelId: z.string().min(1).max(64),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id,
    conversationType: shortText.optional(),
    tenantId: shortText.optional(),
    name: name.optional(),
    isGroup: z.boolean().optional(),
  }),
  // Long texts get a friendly "one short question" reply; the body limit bounds them anyway.
  text: z.string().max(1_000_000).optional(),
  textFormat: shortText.optional(),
  locale: z.string().max(64).optional(),
  localTimezone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone').optional(),
  replyToId: id.optional(),
  channelData: channelData.optional(),
  entities: z.array(mention).max(100).optional(),
  attachments: z
    .array(z.looseObject({ contentType: shortText }))
    .max(50)
    .optional(),
  membersAdded: z.array(account).max(1000).optional(),
  membersRemoved: z.array(account).max(1000).optional(),
});

export type IncomingActivity = z.infer<typeof incomingActivitySchema>;

/**
 * Checks an activity without copying it; the first problem is returned for the log (never sent to
 * the caller), or undefined when the activity is fit to process.
 */
export function activityProblem(body: unknown): string | undefined {
  const result = incomingActivitySchema.safeParse(body);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}
