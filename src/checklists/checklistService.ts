import { systemClock, type Clock } from '../clock';
import type { Checklist, Guide } from '../guide/types';
import type { MfaStatusLookup } from '../mfa/mfaStatus';
import { buildChecklistView, type ChecklistView, type ViewContext } from './checklistView';
import type { Person } from './person';
import type { PersonProgress, ProgressRepository } from './progressRepository';

/** An action names a checklist or step this guide does not have (stale or forged). */
export class ChecklistActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChecklistActionError';
  }
}

/** The whole journey: the checklist that the conversation commands use. */
export const JOURNEY_CHECKLIST_ID = 'setup';

/** What people do with checklists. Every change acts on the acting person's own progress only. */
export class ChecklistService {
  constructor(
    private readonly guide: Guide,
    private readonly progress: ProgressRepository,
    private readonly now: Clock = systemClock,
    /** Entra ID's MFA registrations: registered people see the authenticator stages done. */
    private readonly mfa?: MfaStatusLookup,
  ) {}

  checklist(checklistId: string): Checklist {
    const checklist = this.guide.checklist(checklistId);
    if (!checklist) throw new ChecklistActionError(`There is no checklist "${checklistId}".`);
    return checklist;
  }

  get journey(): Checklist | undefined {
    return this.guide.checklist(JOURNEY_CHECKLIST_ID) ?? this.guide.checklists[0];
  }

  async view(person: Person, checklistId: string, context: ViewContext): Promise<ChecklistView> {
    const checklist = this.checklist(checklistId);
    const [progress, withMfa] = await Promise.all([
      this.progress.get(person.key),
      this.withMfa(person, context),
    ]);
    return buildChecklistView(checklist, progress, withMfa);
  }

  /** The context with what Entra says of the person's MFA registration, unless the caller said it. */
  private async withMfa(person: Person, context: ViewContext): Promise<ViewContext> {
    if (!this.mfa || context.mfaRegistered !== undefined) return context;
    const registered = await this.mfa.registered(person.key);
    return registered === undefined ? context : { ...context, mfaRegistered: registered };
  }

  /** Ticks a step; ticking a step that is already done changes nothing. */
  async complete(
    person: Person,
    checklistId: string,
    stepId: string,
    context: ViewContext,
  ): Promise<ChecklistView> {
    return this.changeStep(person, checklistId, stepId, context, (current) => {
      if (current.completed[stepId]) return undefined;
      return {
        ...current,
        completed: { ...current.completed, [stepId]: this.now().toISOString() },
        completionOrder: [...current.completionOrder.filter((id) => id !== stepId), stepId],
      };
    });
  }

  /** Unticks a step; unticking one that is not ticked changes nothing. */
  async undo(
    person: Person,
    checklistId: string,
    stepId: string,
    context: ViewContext,
  ): Promise<ChecklistView> {
    return this.changeStep(person, checklistId, stepId, context, (current) => {
      if (!current.completed[stepId]) return undefined;
      const completed = { ...current.completed };
      delete completed[stepId];
      return {
        ...current,
        completed,
        completionOrder: current.completionOrder.filter((id) => id !== stepId),
      };
    });
  }

  /** A change to one step of a checklist the guide has, on the person's own progress. */
  private async changeStep(
    person: Person,
    checklistId: string,
    stepId: string,
    context: ViewContext,
    change: (current: PersonProgress) => PersonProgress | undefined,
  ): Promise<ChecklistView> {
    const checklist = this.checklist(checklistId);
    this.requireStep(checklist, stepId);
    const [progress, withMfa] = await Promise.all([
      this.progress.update(person.key, change),
      this.withMfa(person, context),
    ]);
    return buildChecklistView(checklist, progress, withMfa);
  }

  async answerAuthenticator(
    person: Person,
    checklistId: string,
    answer: 'yes' | 'no',
    context: ViewContext,
  ): Promise<ChecklistView> {
    const checklist = this.checklist(checklistId);
    const progress = await this.progress.update(person.key, (current) =>
      current.authenticatorAnswer === answer ? undefined : { ...current, authenticatorAnswer: answer },
    );
    return buildChecklistView(checklist, progress, await this.withMfa(person, context));
  }

  /** Clears all of a person's progress. */
  async reset(person: Person, checklistId: string, context: ViewContext): Promise<ChecklistView> {
    const checklist = this.checklist(checklistId);
    const progress = await this.progress.update(person.key, (current): PersonProgress => ({
      personKey: current.personKey,
      completed: {},
      completionOrder: [],
      updatedAt: current.updatedAt,
    }));
    return buildChecklistView(checklist, progress, await this.withMfa(person, context));
  }

  private requireStep(checklist: Checklist, stepId: string): void {
    if (!checklist.stages.some((stage) => stage.steps.some((step) => step.id === stepId))) {
      throw new ChecklistActionError(`Checklist "${checklist.id}" has no step "${stepId}".`);
    }
  }
}
