import type { ChecklistService } from '../checklists/checklistService';
import type { ViewContext } from '../checklists/checklistView';
import type { Person } from '../checklists/person';
import type { Guide } from '../guide/types';
import { checklistContent } from './checklistContent';
import type { ChecklistContent } from './contract';

/** Someone with a Teams token is in Teams: they have signed in and changed the temporary password. */
const IN_TEAMS: ViewContext = { inTeams: true };

/**
 * The person's checklists in the tab, read and changed through the same service as the chat's
 * cards, so a tick in either place is the same tick (one progress record, optimistic versions).
 */
export class TabChecklists {
  constructor(
    private readonly guide: Guide,
    private readonly checklists: ChecklistService,
  ) {}

  /** Every checklist of the guide, the whole journey first. */
  async list(person: Person): Promise<ChecklistContent[]> {
    const journey = this.checklists.journey;
    const ordered = journey
      ? [journey, ...this.guide.checklists.filter((checklist) => checklist.id !== journey.id)]
      : this.guide.checklists;
    return Promise.all(
      ordered.map(async (checklist) =>
        checklistContent(await this.checklists.view(person, checklist.id, IN_TEAMS)),
      ),
    );
  }

  /** Ticks or unticks one step; throws ChecklistActionError for a checklist or step the guide lacks. */
  async setStep(
    person: Person,
    checklistId: string,
    stepId: string,
    done: boolean,
  ): Promise<ChecklistContent> {
    const view = done
      ? await this.checklists.complete(person, checklistId, stepId, IN_TEAMS)
      : await this.checklists.undo(person, checklistId, stepId, IN_TEAMS);
    return checklistContent(view);
  }
}
