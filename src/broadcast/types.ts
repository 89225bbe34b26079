import { z } from 'zod';

/** What is sent: one of the guide's checklists, a notice, or a reminder of each person's next step. */
export const broadcastContentSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('checklist'),
    checklistId: z.string().min(1),
    /** Who sends it and why, shown to everyone above the checklist: "From Ivy (IT): …". */
    from: z.string().trim().min(1).max(100).optional(),
    why: z.string().trim().min(1).max(500).optional(),
  }),
  z.object({ kind: z.literal('reminder'), checklistId: z.string().min(1), of: z.string().optional() }),
  z.object({
    kind: z.literal('notice'),
    title: z.string().trim().min(1).max(200),
    text: z.string().trim().min(1).max(4000),
  }),
]);
export type BroadcastContent = z.infer<typeof broadcastContentSchema>;

/** An Entra object id (a group's or a person's): a GUID. */
export const ENTRA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who it goes to, as the admin asked. A group's members are read through Microsoft Graph. */
export const audienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('users'), ids: z.array(z.string().trim().min(1).max(320)).min(1).max(100_000) }),
  z.object({ kind: z.literal('team'), teamId: z.string().trim().min(1).max(500) }),
  z.object({ kind: z.literal('channels'), ids: z.array(z.string().trim().min(1).max(500)).min(1).max(1000) }),
  z.object({
    kind: z.literal('group'),
    groupId: z.string().trim().regex(ENTRA_ID, 'must be the Entra group object id, a GUID'),
    /** The group's display name when the broadcast was made (for status lines). */
    name: z.string().max(256).optional(),
  }),
]);
export type Audience = z.infer<typeof audienceSchema>;

export const BROADCAST_STATES = [
  'scheduled',
  'sending',
  'paused',
  'completed',
  'cancelled',
  'recalled',
] as const;
export type BroadcastState = (typeof BROADCAST_STATES)[number];

export const broadcastJobSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  content: broadcastContentSchema,
  audience: audienceSchema,
  sendAt: z.string(),
  state: z.enum(BROADCAST_STATES),
  /** Set while paused: why, for the admin. */
  pausedReason: z.string().optional(),
  /** Something IT should know about the delivery, e.g. a Graph permission missing for app installs. */
  note: z.string().optional(),
  /** True once a recall was asked for: delivered copies are being deleted. */
  recallRequested: z.boolean().default(false),
  /** The last recall gave up on some copies: what to tell the admin (Recall can be pressed again). */
  recallProblem: z.string().optional(),
  total: z.number().int(),
  /** The admin's live status card, updated in place as the broadcast goes out. */
  statusMessage: z
    .object({
      serviceUrl: z.string(),
      conversationId: z.string(),
      activityId: z.string(),
      timezone: z.string().optional(),
    })
    .optional(),
});
export type BroadcastJob = z.infer<typeof broadcastJobSchema>;

/** Where one copy goes: an existing conversation, or a person to open a 1:1 chat with. */
export const deliveryTargetSchema = z.object({
  serviceUrl: z.string(),
  tenantId: z.string().optional(),
  botId: z.string(),
  conversationId: z.string().optional(),
  userTeamsId: z.string().optional(),
});
export type DeliveryTarget = z.infer<typeof deliveryTargetSchema>;

export const RECIPIENT_STATES = [
  'pending',
  'sending',
  'sent',
  'failed',
  'unreachable',
  'cancelled',
  'deleted',
] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export const recipientSchema = z.object({
  /** Stable within the broadcast: `aad:<id>`, `upn:<upn>`, or `conversation:<id>`. */
  key: z.string(),
  /** Whose checklist progress this copy reports (people only, not channels). */
  personKey: z.string().optional(),
  label: z.string(),
  kind: z.enum(['person', 'channel']),
  target: deliveryTargetSchema.optional(),
  state: z.enum(RECIPIENT_STATES),
  attempts: z.number().int().default(0),
  activityId: z.string().optional(),
  conversationId: z.string().optional(),
  error: z.string().optional(),
  /**
   * A person without a conversation with the bot, to be reached by installing the app for them
   * through Graph: their Entra object id. `installedAt` (the install is done, 201 or 409) and
   * `chatId` (their chat with the bot) are recorded as each step completes, so that a resumed run
   * does neither again.
   */
  entraId: z.string().optional(),
  installedAt: z.string().optional(),
  chatId: z.string().optional(),
  updatedAt: z.string(),
});
export type Recipient = z.infer<typeof recipientSchema>;
