/**
 * The personal tab's HTTP contract: what `/api/tab/*` accepts and answers. Shared by the server
 * (src/tab, src/http/tabApi.ts) and the browser front end (tab/), so it is plain data types only:
 * no imports, no classes, nothing that needs Node or botbuilder.
 *
 * Every endpoint except `GET /api/tab/guide` needs `Authorization: Bearer <Entra access token>` for
 * the tab's API scope. Errors are always a `TabErrorResponse` with a 4xx status:
 * 400 BadRequest, 401 Unauthorized (bad or missing token; `WWW-Authenticate: Bearer error="invalid_token"`),
 * 403 Forbidden (missing scope, tenant not allowed, not an admin), 404 NotFound (also: the tab API is
 * not configured), 413/415 for bodies, 429 TooManyRequests (asking faster than the chat allows).
 */

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/** Every 4xx answer of the tab API. `message` is safe to show to the person. */
export interface TabErrorResponse {
  readonly error: string;
  readonly message: string;
}

/** Who people are sent to for help (IT support). */
export interface SupportContactContent {
  readonly name: string;
  readonly email: string;
}

/** How one app does a step differently (Microsoft Authenticator vs Google Authenticator). */
export interface StepVariantContent {
  readonly id: string;
  readonly label: string;
  readonly steps: readonly string[];
}

/** One step of a guide topic. Texts may contain light Markdown (`**bold**`, links). */
export interface StepContent {
  readonly id: string;
  readonly text: string;
  readonly details: readonly string[];
  /** Heading that groups consecutive steps, e.g. "Outlook on your phone". */
  readonly section?: string;
  /** Where the world has moved on since the guide was written. */
  readonly note?: string;
  readonly variants: readonly StepVariantContent[];
}

export interface TopicLinkContent {
  readonly topicId: string;
  readonly label: string;
}

export interface ExternalLinkContent {
  readonly title: string;
  readonly url: string;
}

/**
 * `reauth`: a prompt after your own sign-in, do NOT reset your password, approve it.
 * `unrequested`: a prompt you did not start, deny it and contact IT now.
 * `mfa-first`: set up the authenticator before any password reset.
 */
export type WarningKind = 'reauth' | 'unrequested' | 'mfa-first';

/** A warning banner: shown first, above the topic's steps. */
export interface WarningContent {
  readonly kind: WarningKind;
  readonly title: string;
  readonly lines: readonly string[];
}

/** One guide topic as the tab shows it, with the same content as the chat's answer card. */
export interface TopicContent {
  readonly id: string;
  readonly title: string;
  /** The title on buttons and in lists. */
  readonly shortTitle: string;
  readonly summary: string;
  /** Listed in the topic menu (the others are reached from answers and related links). */
  readonly inMenu: boolean;
  readonly warning?: WarningContent;
  readonly steps: readonly StepContent[];
  readonly notes: readonly string[];
  readonly links: readonly ExternalLinkContent[];
  /** Related topics; for the two prompt warnings never a password reset. */
  readonly related: readonly TopicLinkContent[];
}

// ---------------------------------------------------------------------------------------------
// GET /api/tab/guide (public, no token)
// ---------------------------------------------------------------------------------------------

/**
 * `GET /api/tab/settings`, public: what MSAL needs for Nested App Authentication. Both absent while
 * the tab API is off (no client id), and the tab is then read-only.
 */
export interface TabSettingsResponse {
  readonly clientId?: string;
  /** The bot's own API scope, e.g. `api://onboarding.contoso.com/<client id>/access_as_user`. */
  readonly apiScope?: string;
}

/** `GET /api/tab/guide`: every topic for browsing, public (the guide is not personal). */
export interface GuideResponse {
  readonly orgName: string;
  readonly support: SupportContactContent;
  /** In the guide's order. */
  readonly topics: readonly TopicContent[];
}

// ---------------------------------------------------------------------------------------------
// POST /api/tab/ask (token)
// ---------------------------------------------------------------------------------------------

/** `POST /api/tab/ask` body. */
export interface AskRequest {
  /** The question in the person's own words, 1 to 4,000 characters (the chat's limit). */
  readonly text: string;
  /**
   * The topic the tab showed last, so that follow-ups ("and on my phone?", "that didn't work") work
   * as in chat. Optional; an unknown id is ignored.
   */
  readonly lastTopicId?: string;
}

/**
 * What the answer is:
 * - `answer`: `topics[0]` answers the question (it may carry a `mfa-first` warning);
 * - `warning`: one of the two prompt situations; show `warning` first, then `topics[0]`;
 * - `clarify`: unsure between two topics, ask with `choices`;
 * - `not-solved`: the last topic did not help: `message` (contact IT), `choices` to try;
 * - `what-is-it`: "it doesn't work" with nothing before it: `message` and `choices`;
 * - `out-of-scope`: not about the Microsoft 365 setup: `message` names IT support;
 * - `menu`: a greeting or "help": show the topic menu (`message` may say why);
 * - `thanks`, `empty`, `too-long`: `message` says it.
 */
export type AskKind =
  | 'answer'
  | 'warning'
  | 'clarify'
  | 'not-solved'
  | 'what-is-it'
  | 'out-of-scope'
  | 'menu'
  | 'thanks'
  | 'empty'
  | 'too-long';

/** A button that opens a topic. */
export interface TopicChoice {
  readonly topicId: string;
  readonly label: string;
}

/** `POST /api/tab/ask` answer: what the chat would answer, as data. */
export interface AskResponse {
  readonly kind: AskKind;
  /** For `warning` (and an `answer` with the mfa-first banner): show this first. */
  readonly warning?: WarningContent;
  /**
   * Shown before everything else when the person approved a request they did not start:
   * "contact IT now".
   */
  readonly urgent?: string;
  /** Plain text for the kinds without a topic (out of scope, thanks…) and the question of `clarify`. */
  readonly message?: string;
  /** The answering topic first; empty when the answer is not a topic. */
  readonly topics: readonly TopicContent[];
  readonly choices?: readonly TopicChoice[];
  /** The topic this answered: send it back as `lastTopicId` with the next question. */
  readonly answeredTopicId?: string;
}

// ---------------------------------------------------------------------------------------------
// GET /api/tab/me (token)
// ---------------------------------------------------------------------------------------------

/** `GET /api/tab/me`: who the token says the person is. */
export interface MeResponse {
  readonly user: {
    readonly name?: string;
    /** Entra object id. */
    readonly oid: string;
    readonly tenantId: string;
  };
  /** May use the Rollout endpoints (listed in ADMIN_AAD_IDS). */
  readonly isAdmin: boolean;
  readonly support: SupportContactContent;
  readonly orgName: string;
}

// ---------------------------------------------------------------------------------------------
// Checklists (token)
// ---------------------------------------------------------------------------------------------

/**
 * Why a step counts as done: ticked by the person, proven by being in Teams, Entra ID shows their
 * MFA is registered (the authenticator steps), or they said so.
 */
export type StepDoneReason = 'ticked' | 'in-teams' | 'mfa-registered' | 'authenticator-confirmed';

export interface ChecklistStepContent extends StepContent {
  readonly done: boolean;
  readonly reason?: StepDoneReason;
}

export type StageStateContent = 'done' | 'current' | 'later';

export interface ChecklistStageContent {
  /** The guide topic of this stage (open it for help: "I'm stuck"). */
  readonly topicId: string;
  readonly title: string;
  readonly state: StageStateContent;
  readonly doneCount: number;
  readonly steps: readonly ChecklistStepContent[];
}

/** One checklist with the person's progress, the same as the chat's checklist card shows. */
export interface ChecklistContent {
  readonly id: string;
  readonly title: string;
  readonly doneCount: number;
  readonly totalCount: number;
  readonly complete: boolean;
  readonly stages: readonly ChecklistStageContent[];
  /** The next step to do; absent when complete. */
  readonly nextStepId?: string;
  /** The most recently ticked step, for "Undo". */
  readonly lastTickedStepId?: string;
  /** Opaque; changes whenever the person's progress on this checklist changes. */
  readonly version: string;
}

/** `GET /api/tab/checklists`: the person's checklists, the whole journey (`setup`) first. */
export interface ChecklistsResponse {
  readonly checklists: readonly ChecklistContent[];
}

/** `POST /api/tab/checklists/:checklistId/steps/:stepId` body: tick (`true`) or untick (`false`). */
export interface StepUpdateRequest {
  readonly done: boolean;
}

/**
 * `POST /api/tab/checklists/:checklistId/steps/:stepId` answer: the updated checklist. Idempotent
 * (ticking a ticked step changes nothing). Unknown checklist or step: 404.
 */
export interface StepUpdateResponse {
  readonly checklist: ChecklistContent;
}

// ---------------------------------------------------------------------------------------------
// Rollout (token of an admin; anyone else gets 403)
// ---------------------------------------------------------------------------------------------

export type BroadcastStateContent =
  'scheduled' | 'sending' | 'paused' | 'completed' | 'cancelled' | 'recalled';

/** What a broadcast sends. `reminder` is "Remind those not done" of broadcast `of`. */
export type BroadcastContentSummary =
  | { readonly kind: 'checklist'; readonly checklistId: string }
  | { readonly kind: 'reminder'; readonly checklistId: string; readonly of?: string }
  | { readonly kind: 'notice'; readonly title: string; readonly text: string };

/** Who a broadcast goes to, as the admin asked. */
export type AudienceRequest =
  | { readonly kind: 'all' }
  | { readonly kind: 'users'; readonly ids: readonly string[] }
  | { readonly kind: 'team'; readonly teamId: string }
  | { readonly kind: 'channels'; readonly ids: readonly string[] }
  /** Members of an Entra group, nested groups included (only when Microsoft Graph is configured). */
  | { readonly kind: 'group'; readonly groupId: string; readonly name?: string };

/** One broadcast with live counts. */
export interface BroadcastSummary {
  readonly id: string;
  readonly state: BroadcastStateContent;
  readonly createdAt: string;
  /** `api`, `tab:<oid>`, or the chat admin's id. */
  readonly createdBy: string;
  readonly sendAt: string;
  readonly content: BroadcastContentSummary;
  /** The checklist's or notice's title. */
  readonly title: string;
  readonly audience: AudienceRequest;
  readonly pausedReason?: string;
  /** Something IT should know about the delivery (e.g. a Graph permission missing for app installs). */
  readonly note?: string;
  readonly total: number;
  readonly sent: number;
  readonly failed: number;
  readonly unreachable: number;
  /** Not sent yet (queued). */
  readonly pending: number;
  readonly cancelled: number;
  readonly deleted: number;
  /** Checklist broadcasts only: each recipient's progress now, wherever they made it. */
  readonly done?: number;
  readonly inProgress?: number;
  readonly notStarted?: number;
}

/** `GET /api/tab/rollout/broadcasts`: recent broadcasts, newest first. */
export interface BroadcastListResponse {
  readonly broadcasts: readonly BroadcastSummary[];
}

export type RecipientStateContent = 'pending' | 'sent' | 'failed' | 'unreachable' | 'cancelled' | 'deleted';
export type ChecklistStandingContent = 'done' | 'inProgress' | 'notStarted';

export interface RecipientContent {
  readonly key: string;
  readonly label: string;
  readonly kind: 'person' | 'channel';
  readonly state: RecipientStateContent;
  readonly attempts: number;
  readonly error?: string;
  readonly progress?: ChecklistStandingContent;
}

/** `GET /api/tab/rollout/broadcasts/:id`: status and the recipients grouped. */
export interface BroadcastDetailResponse {
  readonly broadcast: BroadcastSummary;
  /** Recipients by delivery state (every state present, possibly empty). */
  readonly byDelivery: Readonly<Record<RecipientStateContent, readonly RecipientContent[]>>;
  /** Checklist broadcasts only: people by progress on the checklist. */
  readonly byProgress?: Readonly<Record<ChecklistStandingContent, readonly RecipientContent[]>>;
}

/**
 * `POST /api/tab/rollout/preview` and `POST /api/tab/rollout/broadcasts` body: exactly one of
 * `checklist` (a checklist id) or `notice`; `sendAt` ISO 8601 with an offset (past = now). The same
 * schema as the admin API `POST /api/broadcasts`.
 */
export interface BroadcastRequestBody {
  readonly checklist?: string;
  readonly notice?: { readonly title: string; readonly text: string };
  readonly audience: AudienceRequest;
  readonly sendAt?: string;
}

/** `POST /api/tab/rollout/preview` answer: how many it would reach; nothing is sent. */
export interface BroadcastPreviewResponse {
  readonly recipients: number;
  /** Of those, not in Teams yet (they will not get it). */
  readonly unreachable: number;
  /** An Entra group audience's display name. */
  readonly audienceName?: string;
  /** Set when it reaches nobody (then it cannot be sent): why. */
  readonly reason?: string;
}

/** `POST /api/tab/rollout/broadcasts` answer (202). */
export interface BroadcastCreatedResponse {
  readonly id: string;
  readonly recipients: number;
  readonly unreachable: number;
}

/**
 * `POST /api/tab/rollout/broadcasts/:id/remind` answer (202): the new reminder broadcast, or
 * `{ id: null, recipients: 0 }` (200) when everyone is done.
 */
export interface RemindResponse {
  readonly id: string | null;
  readonly recipients: number;
}

/** `POST /api/tab/rollout/broadcasts/:id/cancel` and `.../recall` answer: the status after it. */
export interface BroadcastActionResponse {
  readonly broadcast: BroadcastSummary;
}

/** What the composer offers: checklists and the ready-made notices. Part of `GET /api/tab/rollout/options`. */
export interface RolloutOptionsResponse {
  readonly checklists: readonly { readonly id: string; readonly title: string }[];
  readonly notices: readonly { readonly id: string; readonly title: string; readonly text: string }[];
  /** Whether an Entra group can be the audience (Microsoft Graph is configured). */
  readonly groups: boolean;
}

/**
 * `GET /api/tab/rollout/broadcasts/:id/recipients.csv`: `text/csv` download (Bearer token, not a
 * link), columns key,label,kind,state,attempts,progress,error. Fetch it and save the blob.
 */
export type RecipientsCsv = string;

// ---------------------------------------------------------------------------------------------
// Rollout: MFA registration (token of an admin; off, 404, while Graph is not configured)
// ---------------------------------------------------------------------------------------------

/**
 * `off`: Graph is not configured; `unavailable`: Graph refused the report (403), `note` says what to
 * grant; `pending`: not read yet; `ok`: the counts and list as of `refreshedAt`.
 */
export type MfaReportStatusContent = 'off' | 'unavailable' | 'pending' | 'ok';

/** Someone Entra ID says has not registered MFA. */
export interface MfaPersonContent {
  /** Entra object id. */
  readonly id: string;
  readonly name: string;
  readonly userPrincipalName?: string;
  /** Has the app, so a reminder reaches them. */
  readonly inTeams: boolean;
}

/** `GET /api/tab/rollout/mfa`: who has and has not registered MFA. */
export interface MfaReportResponse {
  readonly status: MfaReportStatusContent;
  /** For IT: why the status is unavailable, or that the last refresh failed. */
  readonly note?: string;
  readonly refreshedAt?: string;
  readonly registered: number;
  readonly notRegistered: number;
  /** People who have the app but are not in Entra's report. */
  readonly unknown: number;
  /** Everyone not registered, by name. */
  readonly unregistered: readonly MfaPersonContent[];
}

/** `POST /api/tab/rollout/mfa/refresh`: reads Entra's report now; what happened, and the report after it. */
export interface MfaRefreshResponse {
  readonly outcome: 'refreshed' | 'off' | 'busy' | 'notDue' | 'unavailable' | 'failed';
  readonly message: string;
  readonly report: MfaReportResponse;
}

/**
 * `POST /api/tab/rollout/mfa/remind` answer (202): the setup checklist broadcast to exactly the people
 * not registered, or `{ id: null, recipients: 0, unreachable: 0 }` (200) when there is nobody.
 */
export interface MfaRemindResponse {
  readonly id: string | null;
  readonly recipients: number;
  readonly unreachable: number;
}

/** `GET /api/tab/rollout/mfa/not-registered.csv`: `text/csv`, columns id,name,userPrincipalName,inTeams. */
export type MfaNotRegisteredCsv = string;
