/** POSTs an activity to a running bot and returns status and parsed body. */
export async function postActivity(
  baseUrl: string,
  activity: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** The card of an invoke response body. */
export function invokeCard(body: unknown): Record<string, unknown> {
  const response = body as { statusCode: number; type: string; value: Record<string, unknown> };
  expect(response).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  return response.value;
}
