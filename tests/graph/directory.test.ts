import {
  createGraph,
  GraphNotFoundError,
  GraphPermissionError,
  GRAPH_PERMISSIONS,
  type Graph,
} from '../../src/graph';
import { FAKE_PERMISSIONS, FakeGraph, type FakeUser } from '../helpers/fakeGraph';

const TEAMS_APP_ID = 'e3f5a8b1-0c2d-4e6f-8a9b-1c2d3e4f5a6b';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('Graph directory', () => {
  let fake: FakeGraph;
  let graph: Graph;
  let ana: FakeUser;
  let bo: FakeUser;
  let cy: FakeUser;

  beforeEach(async () => {
    fake = new FakeGraph();
    await fake.start();
    graph = createGraph(fake.settings(), { networkClient: fake.networkClient() });
    ana = fake.addUser({ userPrincipalName: 'ana@contoso.com', displayName: 'Ana Silva' });
    bo = fake.addUser({ userPrincipalName: 'bo@contoso.onmicrosoft.com', mail: 'bo.lind@contoso.com' });
    cy = fake.addUser({ userPrincipalName: 'cy@contoso.com', mail: null });
  });

  afterEach(async () => {
    await fake.stop();
  });

  describe('transitiveUserMembers', () => {
    it('lists users of nested groups once, without other member kinds, with an advanced query', async () => {
      const inner = fake.addGroup('IT', [bo.id, cy.id]);
      const outer = fake.addGroup('Staff', [ana.id, inner.id, bo.id, 'a-device-id']);
      const members = await collect(graph.directory.transitiveUserMembers(outer.id));
      expect(members).toEqual([
        {
          id: ana.id,
          displayName: 'Ana Silva',
          userPrincipalName: 'ana@contoso.com',
          mail: 'ana@contoso.com',
        },
        {
          id: bo.id,
          displayName: 'bo',
          userPrincipalName: 'bo@contoso.onmicrosoft.com',
          mail: 'bo.lind@contoso.com',
        },
        { id: cy.id, displayName: 'cy', userPrincipalName: 'cy@contoso.com', mail: undefined },
      ]);
      expect(fake.calls[0]).toMatchObject({
        path: `/v1.0/groups/${outer.id}/transitiveMembers/microsoft.graph.user`,
        query: { $select: 'id,displayName,userPrincipalName,mail', $top: '999', $count: 'true' },
        consistencyLevel: 'eventual',
      });
    });

    it('throws GraphNotFoundError for a group that does not exist', async () => {
      await expect(collect(graph.directory.transitiveUserMembers('no-such-group'))).rejects.toBeInstanceOf(
        GraphNotFoundError,
      );
    });
  });

  it('reads a group name, or undefined for no such group', async () => {
    const group = fake.addGroup('Onboarding admins', []);
    await expect(graph.directory.groupName(group.id)).resolves.toBe('Onboarding admins');
    await expect(graph.directory.groupName('no-such-group')).resolves.toBeUndefined();
  });

  describe('userByUpnOrMail', () => {
    it('finds a user by UPN, case-insensitively, URL-encoded', async () => {
      await expect(graph.directory.userByUpnOrMail(' ANA@contoso.com ')).resolves.toMatchObject({
        id: ana.id,
      });
      expect(fake.calls).toHaveLength(1);
      expect(fake.calls[0].path).toBe('/v1.0/users/ANA%40contoso.com');
    });

    it('finds a guest by a UPN with #EXT#', async () => {
      const guest = fake.addUser({ userPrincipalName: 'dee_fabrikam.com#EXT#@contoso.onmicrosoft.com' });
      await expect(graph.directory.userByUpnOrMail(guest.userPrincipalName)).resolves.toMatchObject({
        id: guest.id,
      });
    });

    it('falls back to the mail address when the UPN is not found', async () => {
      await expect(graph.directory.userByUpnOrMail('bo.lind@contoso.com')).resolves.toMatchObject({
        id: bo.id,
      });
      expect(fake.calls.map((call) => call.status)).toEqual([404, 200]);
      expect(fake.calls[1].query.$filter).toBe("mail eq 'bo.lind@contoso.com'");
    });

    it("escapes quotes in the mail filter (O'Brien)", async () => {
      const obrien = fake.addUser({
        userPrincipalName: 'sean@contoso.com',
        mail: "sean.o'brien@contoso.com",
      });
      await expect(graph.directory.userByUpnOrMail("sean.o'brien@contoso.com")).resolves.toMatchObject({
        id: obrien.id,
      });
      expect(fake.calls[1].query.$filter).toBe("mail eq 'sean.o''brien@contoso.com'");
    });

    it('answers undefined for nobody, and does not search mail for something that is no address', async () => {
      await expect(graph.directory.userByUpnOrMail('nobody@contoso.com')).resolves.toBeUndefined();
      await expect(graph.directory.userByUpnOrMail('0000-not-an-id')).resolves.toBeUndefined();
      expect(fake.calls).toHaveLength(3);
    });
  });

  describe('isTransitiveMember', () => {
    it('sees membership through nested groups with one checkMemberGroups call', async () => {
      const inner = fake.addGroup('IT', [bo.id]);
      const admins = fake.addGroup('Admins', [inner.id]);
      await expect(graph.directory.isTransitiveMember(admins.id, bo.id)).resolves.toBe(true);
      await expect(graph.directory.isTransitiveMember(admins.id, ana.id)).resolves.toBe(false);
      await expect(graph.directory.isTransitiveMember(admins.id, 'no-such-user')).resolves.toBe(false);
      expect(fake.calls[0]).toMatchObject({
        method: 'POST',
        path: `/v1.0/users/${bo.id}/checkMemberGroups`,
        body: { groupIds: [admins.id] },
      });
    });

    it('names both permissions when one is missing', async () => {
      fake.api.revoked.add('GroupMember.Read.All');
      await expect(graph.directory.isTransitiveMember('g', ana.id)).rejects.toMatchObject({
        permission: 'User.Read.All and GroupMember.Read.All',
      });
    });
  });

  describe('installing the app', () => {
    it('installs once, and a second install is alreadyInstalled (409)', async () => {
      await expect(graph.directory.installAppForUser(ana.id, TEAMS_APP_ID)).resolves.toBe('installed');
      await expect(graph.directory.installAppForUser(ana.id, TEAMS_APP_ID)).resolves.toBe('alreadyInstalled');
      expect(fake.calls.map((call) => call.status)).toEqual([201, 409]);
      expect(fake.calls[0]).toMatchObject({
        method: 'POST',
        path: `/v1.0/users/${ana.id}/teamwork/installedApps`,
        body: {
          'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${TEAMS_APP_ID}`,
        },
      });
    });

    it('throws GraphNotFoundError for a user that does not exist', async () => {
      await expect(graph.directory.installAppForUser('no-such-user', TEAMS_APP_ID)).rejects.toBeInstanceOf(
        GraphNotFoundError,
      );
    });

    it('names TeamsAppInstallation.ReadWriteSelfForUser.All when it is not granted', async () => {
      fake.api.revoked.add(FAKE_PERMISSIONS.installations[0]);
      const failure = graph.directory.installAppForUser(ana.id, TEAMS_APP_ID);
      await expect(failure).rejects.toBeInstanceOf(GraphPermissionError);
      await expect(failure).rejects.toMatchObject({ permission: GRAPH_PERMISSIONS.ownAppInstallations });
    });

    it("finds the 1:1 chat with the app's bot through the installation", async () => {
      await expect(graph.directory.chatWithApp(ana.id, TEAMS_APP_ID)).resolves.toBeUndefined();
      await graph.directory.installAppForUser(ana.id, 'some-other-app');
      await graph.directory.installAppForUser(ana.id, TEAMS_APP_ID);
      fake.calls.length = 0;

      const chatId = await graph.directory.chatWithApp(ana.id, TEAMS_APP_ID);
      expect(chatId).toBe(`19:${ana.id}_${TEAMS_APP_ID}@unq.gbl.spaces`);
      expect(fake.calls[0].query).toEqual({
        $expand: 'teamsAppDefinition',
        $filter: `teamsApp/id eq '${TEAMS_APP_ID}'`,
      });
      expect(fake.calls[1].path).toMatch(/\/teamwork\/installedApps\/[^/]+\/chat$/);
      await expect(graph.directory.chatWithApp('no-such-user', TEAMS_APP_ID)).resolves.toBeUndefined();
    });
  });

  it('reads the MFA registration report page by page', async () => {
    fake.addUser({
      userPrincipalName: 'dee@contoso.com',
      displayName: 'dee',
      isMfaRegistered: true,
      methodsRegistered: ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'],
    });
    fake.api.pageSize = 3;
    const rows = await collect(graph.directory.mfaRegistrations());
    expect(rows).toHaveLength(4);
    expect(rows[3]).toEqual({
      id: expect.any(String),
      userPrincipalName: 'dee@contoso.com',
      displayName: 'dee',
      isMfaRegistered: true,
      methodsRegistered: ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'],
    });
    expect(rows[0]).toMatchObject({ id: ana.id, isMfaRegistered: false, methodsRegistered: [] });
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[0].query.$select).toBe(
      'id,userPrincipalName,userDisplayName,isMfaRegistered,methodsRegistered',
    );

    fake.api.revoked.add('AuditLog.Read.All');
    await expect(collect(graph.directory.mfaRegistrations())).rejects.toMatchObject({
      name: 'GraphPermissionError',
      permission: 'AuditLog.Read.All',
    });
  });
});
