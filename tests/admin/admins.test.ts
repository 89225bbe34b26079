import pino from 'pino';
import { Admins } from '../../src/admin/admins';
import type { GraphDirectory } from '../../src/graph';

const GROUP = '0a0a0a0a-0000-4000-8000-000000000001';

/** Answers membership from a set, counting the questions; can be told to fail. */
function directoryOf(members: Set<string>): GraphDirectory & { asked: number; failing: boolean } {
  const directory = {
    asked: 0,
    failing: false,
    async isTransitiveMember(groupId: string, userId: string) {
      directory.asked++;
      if (directory.failing) throw new Error('Graph unreachable');
      return groupId === GROUP && members.has(userId);
    },
  };
  return directory as unknown as GraphDirectory & { asked: number; failing: boolean };
}

describe('Who is an IT admin', () => {
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });

  it('counts the people named in ADMIN_AAD_IDS, in any letter case, without asking Graph', async () => {
    const directory = directoryOf(new Set());
    const admins = new Admins(
      { adminAadIds: ['aad-ivy'], groupId: GROUP, cacheMs: 60_000 },
      directory,
      logger,
    );
    expect(await admins.isAdmin('AAD-IVY')).toBe(true);
    expect(await admins.isAdmin(undefined)).toBe(false);
    expect(directory.asked).toBe(0);
  });

  it('asks Graph about the group once per person while the answer is fresh, and again after', async () => {
    let now = 0;
    const members = new Set(['aad-sam']);
    const directory = directoryOf(members);
    const admins = new Admins(
      { adminAadIds: [], groupId: GROUP, cacheMs: 300_000 },
      directory,
      logger,
      () => now,
    );
    expect(await Promise.all([admins.isAdmin('aad-sam'), admins.isAdmin('aad-sam')])).toEqual([true, true]);
    expect(await admins.isAdmin('aad-bob')).toBe(false);
    expect(directory.asked).toBe(2);
    // Sam leaves the group: within five minutes the old answer stands, then it changes.
    members.delete('aad-sam');
    now = 299_000;
    expect(await admins.isAdmin('aad-sam')).toBe(true);
    now = 301_000;
    expect(await admins.isAdmin('aad-sam')).toBe(false);
    expect(directory.asked).toBe(3);
  });

  it('fails closed when Graph cannot answer, says so once, and recovers', async () => {
    logs.length = 0;
    const directory = directoryOf(new Set(['aad-sam']));
    directory.failing = true;
    const admins = new Admins({ adminAadIds: ['aad-ivy'], groupId: GROUP, cacheMs: 0 }, directory, logger);
    expect(await admins.isAdmin('aad-sam')).toBe(false);
    expect(await admins.isAdmin('aad-sam')).toBe(false);
    expect(await admins.isAdmin('aad-ivy')).toBe(true);
    expect(logs.filter((line) => line.includes('ADMIN_GROUP_ID'))).toHaveLength(1);
    directory.failing = false;
    expect(await admins.isAdmin('aad-sam')).toBe(true);
  });

  it('has no group members without Graph', async () => {
    const admins = new Admins({ adminAadIds: [], groupId: GROUP, cacheMs: 1000 }, undefined, logger);
    expect(await admins.isAdmin('aad-sam')).toBe(false);
  });
});
