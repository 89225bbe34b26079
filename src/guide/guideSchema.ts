import { z } from 'zod';

const id = z
  .string({ error: 'must be a text id' })
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_"');
const text = z.string({ error: 'must be text' }).trim().min(1, 'must not be empty');

const variantSchema = z.strictObject({
  id,
  label: text,
  steps: z.array(text).min(1, 'needs at least one step'),
});

const stepSchema = z.strictObject({
  id,
  text,
  section: text.optional(),
  note: text.optional(),
  when: z.enum(['ssprEnabled', 'ssprDisabled']).optional(),
  details: z.array(text).default([]),
  variants: z.array(variantSchema).default([]),
});

const relatedSchema = z.union([id, z.strictObject({ topic: id, label: text })]);

const topicSchema = z.strictObject({
  id,
  title: text,
  /** For buttons, where long titles are cut off; at most 30 characters. */
  shortTitle: text.max(30, 'must be 30 characters or fewer').optional(),
  summary: text,
  menu: z.boolean().default(true),
  warning: z.enum(['reauth', 'mfa-first', 'unrequested']).optional(),
  steps: z.array(stepSchema).min(1, 'needs at least one step'),
  notes: z.array(text).default([]),
  links: z.array(z.strictObject({ title: text, url: text })).default([]),
  related: z.array(relatedSchema).default([]),
  keywords: z.array(text).min(1, 'needs at least one keyword'),
  examples: z.array(text).default([]),
});

const checklistStageSchema = z.strictObject({
  topic: id,
  /** The topic's step ids that are ticked off; all of them when left out. */
  steps: z.array(id).min(1, 'needs at least one step').optional(),
  provenByTeams: z.boolean().default(false),
  confirmedByAuthenticatorAnswer: z.boolean().default(false),
});

const checklistSchema = z.strictObject({
  id,
  title: text,
  stages: z.array(checklistStageSchema).min(1, 'needs at least one stage'),
});

const warningSchema = z.strictObject({ title: text, lines: z.array(text).min(1, 'needs at least one line') });

/** The shape of `content/guide.yaml`. */
export const guideFileSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  source: text.optional(),
  warnings: z.strictObject({
    reauth: warningSchema,
    'mfa-first': warningSchema,
    unrequested: warningSchema,
  }),
  topics: z.array(topicSchema).min(1, 'needs at least one topic'),
  checklists: z.array(checklistSchema).default([]),
  notices: z.array(z.strictObject({ id, title: text.max(200), text: text.max(4000) })).default([]),
  outOfScope: z.strictObject({ terms: z.array(text).default([]) }).default({ terms: [] }),
  understanding: z
    .strictObject({ synonyms: z.array(z.array(text).min(2, 'a synonym list needs two words or more')) })
    .default({ synonyms: [] }),
});

export type GuideFile = z.infer<typeof guideFileSchema>;
export type GuideFileTopic = GuideFile['topics'][number];
export type GuideFileStep = GuideFileTopic['steps'][number];
export type GuideFileChecklist = GuideFile['checklists'][number];
