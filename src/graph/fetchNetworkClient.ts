import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** The `fetch` signature this module needs; tests pass one that routes to a loopback fake. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * msal-node's HTTP client for the token endpoint, with a timeout on every request: msal's own has
 * none for POST, and a hung token request would hold up every Graph call waiting for the token.
 */
export class FetchNetworkClient implements INetworkModule {
  constructor(
    private readonly timeoutMs: number,
    private readonly send: Fetch = (url, init) => fetch(url, init),
  ) {}

  sendGetRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    return this.request<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.request<T>('POST', url, options);
  }

  private async request<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout = this.timeoutMs,
  ): Promise<NetworkResponse<T>> {
    const response = await this.send(url, {
      method,
      headers: options?.headers,
      body: method === 'POST' ? (options?.body ?? '') : undefined,
      signal: AbortSignal.timeout(Math.min(timeout, this.timeoutMs)),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const text = await response.text();
    // msal reads the error fields of a non-JSON answer (a proxy's HTML page) as missing, not as a crash.
    let body: unknown = {};
    try {
      if (text) body = JSON.parse(text);
    } catch {
      body = {};
    }
    return { headers, body: body as T, status: response.status };
  }
}
