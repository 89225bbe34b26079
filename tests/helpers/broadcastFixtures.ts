import type { App } from '../../src/app';
import type { FakeMember } from './fakeTeamsConnector';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';
export const BOT_ID = '28:bot';

/** People who have chatted with the bot: their 1:1 conversation references, as the bot keeps them. */
export async function seedPeople(
  app: App,
  serviceUrl: string,
  count: number,
  prefix = 'person',
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    ids.push(id);
    await app.conversations.record(personalConversation(serviceUrl, id, `Person ${i}`));
  }
  return ids;
}

/** A team channel the app is installed in. */
export async function seedTeam(
  app: App,
  serviceUrl: string,
  teamId: string,
  channelId = teamId,
): Promise<void> {
  await app.conversations.record({
    conversationId: channelId,
    conversationType: 'channel',
    teamId,
    tenantId: 'tenant',
    serviceUrl,
    channelId: 'msteams',
    botId: BOT_ID,
  });
}

export function member(id: string): FakeMember {
  return {
    id: `29:${id}`,
    aadObjectId: `aad-${id}`,
    userPrincipalName: `${id}@iteres.example`,
    name: `Member ${id}`,
  };
}

export async function api(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // CSV or empty
  }
  return {
    status: response.status,
    body: parsed as Record<string, unknown>,
    text,
    headers: response.headers,
  };
}

/** Polls a broadcast until `done` says so (or fails after `timeoutMs`). */
export async function waitForBroadcast(
  baseUrl: string,
  id: string,
  done: (status: Record<string, unknown>) => boolean,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  const started = Date.now();
  for (;;) {
    const { body } = await api(baseUrl, 'GET', `/api/broadcasts/${id}`);
    if (done(body)) return body;
    if (Date.now() - started > timeoutMs) throw new Error(`broadcast ${id} still ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The reference the bot keeps for a person's 1:1 chat (conversation `a:1on1-29:<id>`). */
export function personalConversation(serviceUrl: string, id: string, name?: string) {
  return {
    conversationId: `a:1on1-29:${id}`,
    conversationType: 'personal',
    tenantId: 'tenant',
    serviceUrl,
    channelId: 'msteams',
    botId: BOT_ID,
    userTeamsId: `29:${id}`,
    userAadObjectId: `aad-${id}`,
    userName: name,
  };
}

/** The same for a person known by their Entra object id (Graph's users): conversation `a:1on1-<id>`. */
export function entraPersonalConversation(serviceUrl: string, entraId: string, name?: string) {
  return {
    ...personalConversation(serviceUrl, entraId, name),
    conversationId: `a:1on1-${entraId}`,
    userAadObjectId: entraId,
  };
}

/** Ticks steps for a person (all of the journey with `'everything'`), as if they had pressed Done. */
export async function tick(
  app: App,
  personId: string,
  steps: readonly string[] | 'everything',
): Promise<void> {
  const ids =
    steps === 'everything'
      ? (app.assistant.guide
          .checklist('setup')
          ?.stages.flatMap((stage) => stage.steps.map((step) => step.id)) ?? [])
      : steps;
  await app.progress.update(`aad:aad-${personId}`, (current) => ({
    ...current,
    completed: Object.fromEntries(ids.map((id) => [id, 'now'])),
    completionOrder: [...ids],
  }));
}
