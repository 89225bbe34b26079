import type { GraphClient } from './graphClient';
import { GraphError, GraphNotFoundError } from './graphErrors';
import { odataQuery, odataString, segment } from './odata';
import { GRAPH_PERMISSIONS } from './permissions';

export type InstallOutcome = 'installed' | 'alreadyInstalled';

/**
 * Installs a Teams app in a person's personal scope, which makes its bot able to message them.
 * `teamsAppId` is the app's id in the tenant's app catalog (for an app uploaded to the org catalog
 * this differs from the manifest id: `GET /v1.0/appCatalogs/teamsApps?$filter=externalId eq '<manifest id>'`).
 * 201 is 'installed'; 409 (already there) is 'alreadyInstalled'. A user that does not exist throws
 * GraphNotFoundError.
 */
export async function installAppForUser(
  graph: GraphClient,
  userId: string,
  teamsAppId: string,
): Promise<InstallOutcome> {
  try {
    await graph.request('POST', `/v1.0/users/${segment(userId)}/teamwork/installedApps`, {
      permission: GRAPH_PERMISSIONS.ownAppInstallations,
      body: {
        'teamsApp@odata.bind': `${graph.resourceOrigin}/v1.0/appCatalogs/teamsApps/${segment(teamsAppId)}`,
      },
      // Sending it again after a lost answer is harmless: the second one gets 409.
      idempotent: true,
    });
    return 'installed';
  } catch (error) {
    if (error instanceof GraphError && error.status === 409) return 'alreadyInstalled';
    throw error;
  }
}

/**
 * The id of the 1:1 chat between a person and the app's bot (what the Bot Connector calls the
 * conversation id), found through the app's installation for them. Undefined when the app is not
 * installed for them (or they do not exist).
 */
export async function chatWithApp(
  graph: GraphClient,
  userId: string,
  teamsAppId: string,
): Promise<string | undefined> {
  const permission = GRAPH_PERMISSIONS.ownAppInstallations;
  const installations = `/v1.0/users/${segment(userId)}/teamwork/installedApps`;
  try {
    const found = await graph.get<{ value?: { id?: unknown }[] }>(
      installations +
        odataQuery({ $expand: 'teamsAppDefinition', $filter: `teamsApp/id eq ${odataString(teamsAppId)}` }),
      { permission },
    );
    const installationId = found?.value?.find((installation) => typeof installation.id === 'string')?.id;
    if (typeof installationId !== 'string') return undefined;
    const chat = await graph.get<{ id?: unknown }>(`${installations}/${segment(installationId)}/chat`, {
      permission,
    });
    return typeof chat?.id === 'string' && chat.id ? chat.id : undefined;
  } catch (error) {
    if (error instanceof GraphNotFoundError) return undefined;
    throw error;
  }
}

/**
 * The app's id in the tenant's Teams app catalog, found by its manifest id (`externalId`: the
 * manifest's `id`, TEAMS_APP_ID, else the bot's id). Undefined when the catalog has no such app (it
 * was never uploaded to the organisation's catalog).
 */
export async function teamsAppCatalogId(graph: GraphClient, externalId: string): Promise<string | undefined> {
  const found = await graph.get<{ value?: { id?: unknown }[] }>(
    `/v1.0/appCatalogs/teamsApps${odataQuery({ $filter: `externalId eq ${odataString(externalId)}` })}`,
    { permission: GRAPH_PERMISSIONS.appCatalog },
  );
  const id = found?.value?.find((app) => typeof app.id === 'string' && app.id)?.id;
  return typeof id === 'string' ? id : undefined;
}
