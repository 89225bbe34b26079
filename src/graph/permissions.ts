/**
 * The application permissions (Microsoft Graph, admin consent) each directory call needs, named in
 * the GraphPermissionError a 403 becomes. Least privileged, from each API's reference page.
 */
export const GRAPH_PERMISSIONS = {
  /** Group members and group names (with User.ReadBasic.All or User.Read.All for members' names). */
  groupMembers: 'GroupMember.Read.All',
  /** Users by UPN or mail. */
  users: 'User.Read.All',
  /** `checkMemberGroups` for a user. */
  membershipCheck: 'User.Read.All and GroupMember.Read.All',
  /** Installing this app for a person, finding that installation and its chat. */
  ownAppInstallations: 'TeamsAppInstallation.ReadWriteSelfForUser.All',
  /** Finding this app in the organisation's Teams app catalog by its manifest id. */
  appCatalog: 'AppCatalog.Read.All',
  /** The authentication methods registration report (also needs Entra ID P1 or P2 in the tenant). */
  authenticationMethodsReport: 'AuditLog.Read.All',
} as const;
