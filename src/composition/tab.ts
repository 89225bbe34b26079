import type { Assistant } from '../assistant/assistant';
import type { AppConfig } from '../config';
import type { Guide } from '../guide/types';
import { EntraTokenValidator, jwksSigningKeys, type SigningKeys } from '../tab/entraTokenValidator';
import { GuideContent } from '../tab/guideContent';
import { RolloutContent } from '../tab/rolloutContent';
import { TabAnswers } from '../tab/tabAnswers';
import { TabChecklists } from '../tab/tabChecklists';
import type { Checklists } from './checklists';

export interface TabDependencies {
  readonly config: AppConfig;
  readonly guide: Guide;
  readonly assistant: Assistant;
  readonly checklists: Checklists;
  /** Signing keys (tests pass their own source or a shorter timeout through `keyFetchTimeoutMs`). */
  readonly signingKeys?: SigningKeys;
  readonly keyFetchTimeoutMs?: number;
}

/** The personal tab's server side: token checks and the read models its endpoints answer with. */
export interface Tab {
  /** Undefined while the tab API is off (no client id). */
  readonly validator?: EntraTokenValidator;
  readonly guide: GuideContent;
  readonly answers: TabAnswers;
  readonly checklists: TabChecklists;
  readonly rollout: RolloutContent;
}

export function createTab(deps: TabDependencies): Tab {
  const { config, guide, assistant, checklists } = deps;
  const api = config.tab.api;
  const guideContent = new GuideContent(assistant, config.organisation);
  return {
    validator:
      api &&
      new EntraTokenValidator(api, deps.signingKeys ?? jwksSigningKeys(api.jwksUri, deps.keyFetchTimeoutMs), {
        keyFetchTimeoutMs: deps.keyFetchTimeoutMs,
      }),
    guide: guideContent,
    answers: new TabAnswers(assistant, guideContent, checklists.service),
    checklists: new TabChecklists(guide, checklists.service),
    rollout: new RolloutContent(guide, config.graph !== undefined),
  };
}
