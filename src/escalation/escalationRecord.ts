import { z } from 'zod';

/** Where a message to the person, or to the channel, is sent. */
const addressSchema = z.object({
  serviceUrl: z.string().min(1).max(500),
  conversationId: z.string().min(1).max(500),
});

const itPersonSchema = z.object({ key: z.string().min(1).max(300), name: z.string().max(200) });

/** One IT answer, as the person received it. */
const replySchema = itPersonSchema.extend({ text: z.string().min(1).max(2000), at: z.string() });

/**
 * A question a person passed to IT ("Ask IT"), stored as `escalation/<id>`: who asked, what, what
 * they said before, where they stand in the setup, and what IT did with it.
 */
export const escalationSchema = z.object({
  id: z.string().min(1).max(40),
  status: z.enum(['open', 'resolved']),
  createdAt: z.string(),
  /** The last change: what the retention period counts from. */
  updatedAt: z.string(),
  person: z.object({ key: z.string().min(1).max(300), name: z.string().max(200) }),
  /** The person's chat with the bot: IT's replies go there. */
  personChat: addressSchema,
  question: z.string().max(2000),
  /** The person's last messages, oldest first. */
  recentMessages: z.array(z.string().max(1000)).max(10),
  progress: z.string().max(300).optional(),
  nextStep: z.string().max(500).optional(),
  authenticator: z.string().max(100).optional(),
  device: z.string().max(100).optional(),
  /** The channel post with the escalation card, once it was posted. */
  channelPost: addressSchema.extend({ activityId: z.string().min(1).max(500) }).optional(),
  takenBy: itPersonSchema.extend({ at: z.string() }).optional(),
  replies: z.array(replySchema).max(50),
  resolvedBy: itPersonSchema.extend({ at: z.string() }).optional(),
});

export type Escalation = z.infer<typeof escalationSchema>;
export type ItPerson = z.infer<typeof itPersonSchema>;

/** Escalation ids are made by the bot: anything else pressed on a card is forged or garbled. */
export const ESCALATION_ID = /^[A-Za-z0-9_-]{6,40}$/;
