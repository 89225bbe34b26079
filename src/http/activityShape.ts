/** Just enough structure to tell an activity from any other JSON; CloudAdapter checks the rest. */
export interface ActivityShape {
  readonly type: string;
  readonly channelData?: unknown;
  readonly conversation?: { readonly id: string; readonly tenantId?: unknown };
}

/** A type guard rather than a schema parse: it runs on every request and must not copy the body. */
export function isActivityShaped(body: unknown): body is ActivityShape {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const candidate = body as { type?: unknown; conversation?: unknown };
  if (typeof candidate.type !== 'string' || candidate.type === '') return false;
  const conversation = candidate.conversation as { id?: unknown } | undefined | null;
  return (
    conversation === undefined ||
    (conversation !== null && typeof conversation === 'object' && typeof conversation.id === 'string')
  );
}
