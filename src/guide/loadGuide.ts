import * as fs from 'node:fs';
import { parseDocument } from 'yaml';
import type { OrganisationSettings } from '../config';
import {
  guideFileSchema,
  type GuideFile,
  type GuideFileChecklist,
  type GuideFileStep,
  type GuideFileTopic,
} from './guideSchema';
import type { Checklist, Guide, GuideStep, GuideTopic, TopicLink, TopicWarning } from './types';

/** A guide file that cannot be used; the message names the file, the entry and the field. */
export class GuideError extends Error {
  constructor(
    readonly file: string,
    readonly entry: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${entry}, field "${field}": ${problem}`);
    this.name = 'GuideError';
  }
}

type Placeholders = Record<string, string>;

function placeholdersFor(org: OrganisationSettings): Placeholders {
  return {
    orgName: org.orgName,
    portalUrl: org.portalUrl,
    supportName: org.supportName,
    supportEmail: org.supportEmail,
    ssprUrl: org.ssprUrl,
    securityInfoUrl: org.securityInfoUrl,
  };
}

/** Names the entry a schema path points into, e.g. `topic "mfa_enroll"` for ["topics", 2, ...]. */
function describeEntry(raw: unknown, path: readonly PropertyKey[]): { entry: string; field: string } {
  if (path[0] === 'topics' && typeof path[1] === 'number') {
    const topics = (raw as { topics?: unknown[] }).topics ?? [];
    const topic = topics[path[1]] as { id?: unknown } | undefined;
    const name = typeof topic?.id === 'string' ? `topic "${topic.id}"` : `topic #${path[1] + 1}`;
    return { entry: name, field: path.slice(2).map(String).join('.') || '(the topic)' };
  }
  return { entry: 'top level', field: path.map(String).join('.') || '(the document)' };
}

function parseFile(file: string): GuideFile {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new GuideError(file, 'the file', '-', `cannot be read (${(error as Error).message})`);
  }
  const document = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new GuideError(file, 'YAML syntax', '-', document.errors[0].message);
  }
  const raw: unknown = document.toJS();
  const result = guideFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const { entry, field } = describeEntry(raw ?? {}, issue.path);
    throw new GuideError(file, entry, field, issue.message);
  }
  return result.data;
}

function checkUniqueIds(file: string, guide: GuideFile): void {
  const topicIds = new Set<string>();
  const stepOwners = new Map<string, string>();
  for (const topic of guide.topics) {
    if (topicIds.has(topic.id))
      throw new GuideError(file, `topic "${topic.id}"`, 'id', 'is used by another topic');
    topicIds.add(topic.id);
    for (const step of topic.steps) {
      const owner = stepOwners.get(step.id);
      if (owner) {
        throw new GuideError(
          file,
          `topic "${topic.id}", step "${step.id}"`,
          'id',
          `is also a step of topic "${owner}"`,
        );
      }
      stepOwners.set(step.id, topic.id);
      const variantIds = new Set<string>();
      for (const variant of step.variants) {
        if (variantIds.has(variant.id)) {
          throw new GuideError(
            file,
            `topic "${topic.id}", step "${step.id}"`,
            'variants.id',
            `"${variant.id}" is used twice`,
          );
        }
        variantIds.add(variant.id);
      }
    }
  }
  for (const topic of guide.topics) {
    for (const related of topic.related) {
      const target = typeof related === 'string' ? related : related.topic;
      if (!topicIds.has(target)) {
        throw new GuideError(
          file,
          `topic "${topic.id}"`,
          'related',
          `names "${target}", which is not a topic`,
        );
      }
    }
  }
}

function filler(file: string, entry: string, values: Placeholders) {
  return (field: string, text: string): string =>
    text.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (_match, name: string) => {
      const value = values[name];
      if (value === undefined) {
        throw new GuideError(
          file,
          entry,
          field,
          `unknown placeholder {{${name}}}; known: ${Object.keys(values).join(', ')}`,
        );
      }
      return value;
    });
}

function buildStep(step: GuideFileStep, fill: (field: string, text: string) => string): GuideStep {
  const at = (field: string) => `steps[${step.id}].${field}`;
  return {
    id: step.id,
    text: fill(at('text'), step.text),
    section: step.section,
    note: step.note && fill(at('note'), step.note),
    details: step.details.map((detail) => fill(at('details'), detail)),
    variants: step.variants.map((variant) => ({
      id: variant.id,
      label: variant.label,
      steps: variant.steps.map((line) => fill(at(`variants[${variant.id}]`), line)),
    })),
  };
}

function buildTopic(
  file: string,
  topic: GuideFileTopic,
  titles: ReadonlyMap<string, string>,
  values: Placeholders,
  org: OrganisationSettings,
): GuideTopic {
  const fill = filler(file, `topic "${topic.id}"`, values);
  const applies = (step: GuideFileStep) =>
    step.when === undefined || (step.when === 'ssprEnabled') === org.ssprEnabled;
  const related: TopicLink[] = topic.related.map((entry) =>
    typeof entry === 'string'
      ? { topicId: entry, label: titles.get(entry) as string }
      : { topicId: entry.topic, label: entry.label },
  );
  return {
    id: topic.id,
    title: fill('title', topic.title),
    shortTitle: fill('shortTitle', topic.shortTitle ?? topic.title),
    summary: fill('summary', topic.summary),
    inMenu: topic.menu,
    warning: topic.warning,
    steps: topic.steps.filter(applies).map((step) => buildStep(step, fill)),
    notes: topic.notes.map((note) => fill('notes', note)),
    links: topic.links.map((link) => ({
      title: fill('links.title', link.title),
      url: fill('links.url', link.url),
    })),
    related,
    keywords: topic.keywords,
    examples: topic.examples,
  };
}

/**
 * Loads, validates and fills the guide. Throws GuideError on the first problem, so that a bad edit
 * stops the bot at start-up instead of producing wrong answers.
 */
export function loadGuide(file: string, org: OrganisationSettings): Guide {
  const parsed = parseFile(file);
  checkUniqueIds(file, parsed);
  const values = placeholdersFor(org);
  const titles = new Map(parsed.topics.map((topic) => [topic.id, topic.shortTitle ?? topic.title]));
  const topics = parsed.topics.map((topic) => buildTopic(file, topic, titles, values, org));
  const byId = new Map(topics.map((topic) => [topic.id, topic]));
  const fillWarning = (name: TopicWarning) => {
    const fill = filler(file, `warning "${name}"`, values);
    const warning = parsed.warnings[name];
    return { title: fill('title', warning.title), lines: warning.lines.map((line) => fill('lines', line)) };
  };
  const checklists = parsed.checklists.map((checklist) => buildChecklist(file, checklist, parsed, byId));
  const checklistsById = new Map(checklists.map((checklist) => [checklist.id, checklist]));
  return {
    sourceFile: file,
    checklists,
    notices: parsed.notices.map((notice) => {
      const fill = filler(file, `notice "${notice.id}"`, values);
      return { id: notice.id, title: fill('title', notice.title), text: fill('text', notice.text) };
    }),
    checklist: (checklistId) => checklistsById.get(checklistId),
    warnings: {
      reauth: fillWarning('reauth'),
      'mfa-first': fillWarning('mfa-first'),
      unrequested: fillWarning('unrequested'),
    },
    topics,
    outOfScopeTerms: parsed.outOfScope.terms,
    synonyms: parsed.understanding.synonyms,
    topic: (topicId) => byId.get(topicId),
  };
}

function buildChecklist(
  file: string,
  checklist: GuideFileChecklist,
  parsed: GuideFile,
  topics: ReadonlyMap<string, GuideTopic>,
): Checklist {
  const entry = `checklist "${checklist.id}"`;
  if (parsed.checklists.filter((other) => other.id === checklist.id).length > 1) {
    throw new GuideError(file, entry, 'id', 'is used by another checklist');
  }
  const seenSteps = new Set<string>();
  const stages = checklist.stages.map((stage, index) => {
    const topic = topics.get(stage.topic);
    const fileTopic = parsed.topics.find((candidate) => candidate.id === stage.topic);
    if (!topic || !fileTopic) {
      throw new GuideError(
        file,
        entry,
        `stages.${index}.topic`,
        `names "${stage.topic}", which is not a topic`,
      );
    }
    const wanted = stage.steps ?? fileTopic.steps.map((step) => step.id);
    for (const stepId of wanted) {
      if (!fileTopic.steps.some((step) => step.id === stepId)) {
        throw new GuideError(
          file,
          entry,
          `stages.${index}.steps`,
          `names "${stepId}", which is not a step of topic "${stage.topic}"`,
        );
      }
      if (seenSteps.has(stepId))
        throw new GuideError(file, entry, `stages.${index}.steps`, `lists "${stepId}" twice`);
      seenSteps.add(stepId);
    }
    // Steps that do not apply with the current settings (`when`) are left out of the checklist.
    const steps = wanted
      .map((stepId) => topic.steps.find((step) => step.id === stepId))
      .filter((step): step is GuideStep => step !== undefined);
    return {
      topicId: topic.id,
      title: topic.title,
      steps,
      provenByTeams: stage.provenByTeams,
      confirmedByAuthenticatorAnswer: stage.confirmedByAuthenticatorAnswer,
    };
  });
  return { id: checklist.id, title: checklist.title, stages };
}
