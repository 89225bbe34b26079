/**
 * A query string for Graph: `?$select=id,mail&$filter=mail eq 'a'` with each value percent-encoded
 * (spaces as %20: Graph reads a `+` in $filter as a plus sign, not a space).
 */
export function odataQuery(parameters: Readonly<Record<string, string | number | boolean>>): string {
  const pairs = Object.entries(parameters).map(
    ([key, value]) => `${key}=${encodeURIComponent(String(value))}`,
  );
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

/** A value inside single quotes in $filter: a quote is written twice (O'Brien → O''Brien). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** One path segment (an id, a UPN with `#EXT#`), percent-encoded. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Graph's own origin, as it appears in resource URLs (`@odata.bind`) and token scopes: the base URL
 * when it is https (a national cloud's Graph), the global one for a plain-http loopback test server.
 */
export function graphResourceOrigin(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.protocol === 'https:' ? url.origin : 'https://graph.microsoft.com';
}
