// msal's network module, replaced so that every request has a timeout (msal 7.2.3's HttpClient has none for
// POST) and so that the check can see what msal hides: the transport error behind "network_error", the HTTP
// status and headers (Retry-After, the server's Date for clock skew) of the token endpoint's answer.
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";

export interface Exchange {
  method: "GET" | "POST";
  url: string;
  status: number | null;
  /** lower-case header names */
  headers: Record<string, string>;
  /** the transport error when there was no answer */
  error?: unknown;
  /** local clock (Date.now, the clock msal signs assertions with) when the answer arrived */
  receivedAt: number;
}

export class RecordingNetworkModule implements INetworkModule {
  readonly exchanges: Exchange[] = [];

  constructor(private readonly timeoutMs: number) {}

  get last(): Exchange | undefined {
    return this.exchanges[this.exchanges.length - 1];
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>("GET", url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>("POST", url, options);
  }

  private async send<T>(method: "GET" | "POST", url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    const ms = timeout && timeout > 0 ? Math.min(timeout, this.timeoutMs) : this.timeoutMs;
    let status: number | null = null;
    const headers: Record<string, string> = {};
    try {
      const res = await fetch(url, {
        method,
        headers: options?.headers,
        body: method === "POST" ? (options?.body ?? "") : undefined,
        signal: AbortSignal.timeout(ms),
      });
      status = res.status;
      res.headers.forEach((v, k) => {
        headers[k.toLowerCase()] = v;
      });
      const text = await res.text();
      let body: unknown = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = {}; // a proxy's HTML error page: the status tells the story
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) body = {};
      this.exchanges.push({ method, url, status, headers, receivedAt: Date.now() });
      return { status, headers, body: body as T };
    } catch (error) {
      this.exchanges.push({ method, url, status, headers, error, receivedAt: Date.now() });
      throw error;
    }
  }
}
