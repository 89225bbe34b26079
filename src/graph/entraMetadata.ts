/**
 * The authority metadata msal-node would otherwise download before its first token (the tenant's
 * OpenID configuration and Entra's cloud discovery). Entra's endpoints follow one pattern per sign-in
 * host, so they are written out here: no start-up round trips, and any https host works (national
 * clouds, a test double) without msal's list of known clouds.
 */
export interface EntraMetadata {
  /** `https://<host>/<tenant>`, msal's `auth.authority`. */
  readonly authority: string;
  /** msal's `auth.authorityMetadata`: a JSON string. */
  readonly authorityMetadata: string;
  /** msal's `auth.cloudDiscoveryMetadata`: a JSON string. */
  readonly cloudDiscoveryMetadata: string;
  /** Where client-credential tokens are requested. */
  readonly tokenEndpoint: string;
}

export function entraMetadata(authorityHost: string, tenantId: string): EntraMetadata {
  const host = authorityHost.replace(/\/+$/, '');
  const hostname = new URL(host).host;
  const authority = `${host}/${tenantId}`;
  const tokenEndpoint = `${authority}/oauth2/v2.0/token`;
  return {
    authority,
    tokenEndpoint,
    authorityMetadata: JSON.stringify({
      token_endpoint: tokenEndpoint,
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
      jwks_uri: `${authority}/discovery/v2.0/keys`,
      issuer: `${authority}/v2.0`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    }),
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: hostname, preferred_cache: hostname, aliases: [hostname] }],
    }),
  };
}
