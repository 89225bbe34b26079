/** Who is acting: progress hangs on the Entra object id, or on the Teams id where there is none. */
export interface Person {
  readonly key: string;
  readonly teamsId?: string;
  readonly name?: string;
}

export function personFrom(ids: {
  aadObjectId?: string;
  teamsId?: string;
  name?: string;
}): Person | undefined {
  if (ids.aadObjectId) return { key: `aad:${ids.aadObjectId}`, teamsId: ids.teamsId, name: ids.name };
  if (ids.teamsId) return { key: `teams:${ids.teamsId}`, teamsId: ids.teamsId, name: ids.name };
  return undefined;
}
