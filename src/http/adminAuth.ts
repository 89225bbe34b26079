import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether an Authorization header carries the admin key; constant time, whatever the lengths. */
export function hasAdminKey(authorization: string | undefined, adminApiKey: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  const given = match ? match[1].trim() : '';
  return timingSafeEqual(digest(given), digest(adminApiKey)) && given.length > 0;
}
