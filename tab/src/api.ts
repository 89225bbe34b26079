import type {
  AskRequest,
  AskResponse,
  BroadcastCreatedResponse,
  BroadcastDetailResponse,
  BroadcastListResponse,
  BroadcastPreviewResponse,
  BroadcastRequestBody,
  ChecklistsResponse,
  GuideResponse,
  MeResponse,
  MfaRefreshResponse,
  MfaRemindResponse,
  MfaReportResponse,
  RemindResponse,
  RolloutOptionsResponse,
  StepUpdateResponse,
  TabErrorResponse,
} from '../../src/tab/contract';
import type { TabSettings, TokenSource } from './auth';

const BASE = '/api/tab';

/** A refused or failed call; `message` is the server's, safe to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as Partial<TabErrorResponse> | undefined;
  return new ApiError(response.status, body?.message ?? `The server answered ${response.status}.`);
}

/** The public part of the API: no token, nothing personal. */
export async function fetchGuide(): Promise<GuideResponse> {
  const response = await fetch(`${BASE}/guide`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as GuideResponse;
}

/** `GET /api/tab/settings`; undefined where the server does not offer it. */
export async function fetchSettings(): Promise<TabSettings | undefined> {
  const response = await fetch(`${BASE}/settings`, { headers: { accept: 'application/json' } });
  if (!response.ok) return undefined;
  return (await response.json()) as TabSettings;
}

/** Every call that needs the person's token. */
export class TabApi {
  constructor(private readonly tokens: TokenSource) {}

  private async send(path: string, init: RequestInit = {}, retried = false): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${await this.tokens.token()}`);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    const response = await fetch(`${BASE}${path}`, { ...init, headers, cache: 'no-store' });
    if (response.status === 401 && !retried) {
      this.tokens.forget();
      return this.send(path, init, true);
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  private async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    return (await (await this.send(path, init)).json()) as T;
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>(path, { method: 'POST', body: JSON.stringify(body) });
  }

  me = () => this.json<MeResponse>('/me');
  checklists = () => this.json<ChecklistsResponse>('/checklists');
  ask = (request: AskRequest) => this.post<AskResponse>('/ask', request);

  setStep(checklistId: string, stepId: string, done: boolean): Promise<StepUpdateResponse> {
    const path = `/checklists/${encodeURIComponent(checklistId)}/steps/${encodeURIComponent(stepId)}`;
    return this.post<StepUpdateResponse>(path, { done });
  }

  broadcasts = () => this.json<BroadcastListResponse>('/rollout/broadcasts');
  broadcast = (id: string) =>
    this.json<BroadcastDetailResponse>(`/rollout/broadcasts/${encodeURIComponent(id)}`);
  rolloutOptions = () => this.json<RolloutOptionsResponse>('/rollout/options');
  preview = (body: BroadcastRequestBody) => this.post<BroadcastPreviewResponse>('/rollout/preview', body);
  createBroadcast = (body: BroadcastRequestBody) =>
    this.post<BroadcastCreatedResponse>('/rollout/broadcasts', body);
  remind = (id: string) =>
    this.post<RemindResponse>(`/rollout/broadcasts/${encodeURIComponent(id)}/remind`, {});

  mfaReport = () => this.json<MfaReportResponse>('/rollout/mfa');
  mfaRefresh = () => this.post<MfaRefreshResponse>('/rollout/mfa/refresh', {});
  mfaRemind = () => this.post<MfaRemindResponse>('/rollout/mfa/remind', {});
  async mfaCsv(): Promise<Blob> {
    return (await this.send('/rollout/mfa/not-registered.csv', { headers: { accept: 'text/csv' } })).blob();
  }

  /** The recipients list as a file, fetched with the token (a link would need the token in its URL). */
  async recipientsCsv(id: string): Promise<Blob> {
    const path = `/rollout/broadcasts/${encodeURIComponent(id)}/recipients.csv`;
    return (await this.send(path, { headers: { accept: 'text/csv' } })).blob();
  }
}
