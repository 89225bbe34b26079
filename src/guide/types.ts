/** The setup guide as the bot knows it: validated, with organisation placeholders filled in. */

/** How one app does a step differently (Microsoft Authenticator vs Google Authenticator). */
export interface StepVariant {
  readonly id: string;
  readonly label: string;
  readonly steps: readonly string[];
}

export interface GuideStep {
  readonly id: string;
  readonly text: string;
  /** Heading that groups consecutive steps, e.g. "Outlook on your phone". */
  readonly section?: string;
  /** Where the world has moved on since the guide was written. */
  readonly note?: string;
  readonly details: readonly string[];
  readonly variants: readonly StepVariant[];
}

export interface TopicLink {
  readonly topicId: string;
  readonly label: string;
}

export interface ExternalLink {
  readonly title: string;
  readonly url: string;
}

/**
 * `reauth`: the do-not-reset warning; `mfa-first`: do not reset before MFA is set up; `unrequested`:
 * deny a request you did not start.
 */
export type TopicWarning = 'reauth' | 'mfa-first' | 'unrequested';

export interface GuideTopic {
  readonly id: string;
  readonly title: string;
  /** The title on buttons. */
  readonly shortTitle: string;
  readonly summary: string;
  readonly inMenu: boolean;
  readonly warning?: TopicWarning;
  readonly steps: readonly GuideStep[];
  readonly notes: readonly string[];
  readonly links: readonly ExternalLink[];
  readonly related: readonly TopicLink[];
  readonly keywords: readonly string[];
  readonly examples: readonly string[];
}

/** One stage of a checklist: a guide topic and the steps of it that are ticked off. */
export interface ChecklistStage {
  readonly topicId: string;
  readonly title: string;
  readonly steps: readonly GuideStep[];
  /** Done for anyone chatting in Teams (they have signed in and changed the temporary password). */
  readonly provenByTeams: boolean;
  /** Done once the person says their authenticator app is set up. */
  readonly confirmedByAuthenticatorAnswer: boolean;
}

export interface Checklist {
  readonly id: string;
  readonly title: string;
  readonly stages: readonly ChecklistStage[];
}

export interface Warning {
  readonly title: string;
  readonly lines: readonly string[];
}

export interface Guide {
  readonly sourceFile: string;
  readonly warnings: Readonly<Record<TopicWarning, Warning>>;
  readonly topics: readonly GuideTopic[];
  readonly outOfScopeTerms: readonly string[];
  readonly synonyms: readonly (readonly string[])[];
  readonly checklists: readonly Checklist[];
  /** Ready-made notices for broadcasts. */
  readonly notices: readonly { readonly id: string; readonly title: string; readonly text: string }[];
  topic(id: string): GuideTopic | undefined;
  checklist(id: string): Checklist | undefined;
}
