// Error bodies shaped like the real services', so clients (msal-node, graph-client, ibi-entra's own mapping)
// parse them exactly as they would parse Entra's and Graph's.
import crypto from "node:crypto";

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** What a handler knows about the request it answers. */
export interface RequestContext {
  baseUrl: string;
  /** the server's clock in ms (real clock + state.clockSkewSeconds) */
  nowMs: number;
  /** echoed back like Entra/Graph do; a fresh GUID when the client sent none */
  clientRequestId: string;
  requestId: string;
}

/** "2024-05-01 10:11:12Z", the form of Entra's `timestamp`. */
function entraTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
}

export function entraError(ctx: RequestContext, status: number, error: string, code: number, text: string, extra: Record<string, string> = {}): Reply {
  const timestamp = entraTimestamp(ctx.nowMs);
  return {
    status,
    headers: extra,
    body: {
      error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${ctx.requestId}\r\nCorrelation ID: ${ctx.clientRequestId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: ctx.requestId,
      correlation_id: ctx.clientRequestId,
      error_uri: `${ctx.baseUrl}/error?code=${code}`,
    },
  };
}

export function graphError(ctx: RequestContext, status: number, code: string, message: string, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers,
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date(ctx.nowMs).toISOString().replace(/\.\d{3}Z$/, ""),
          "request-id": ctx.requestId,
          "client-request-id": ctx.clientRequestId,
        },
      },
    },
  };
}

export function newGuid(): string {
  return crypto.randomUUID();
}

// Entra's wording for the codes the simulator produces (text as seen from the real service; Microsoft may change it).
export const entraText = {
  tenantNotFound: (t: string) =>
    `Tenant '${t}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  tenantMalformed: (t: string) => `Specified tenant identifier '${t}' is neither a valid DNS name, nor a valid external domain.`,
  noTenant: () => `No tenant-identifying information found in either the request or implied by any provided credentials.`,
  missingParameter: (p: string) => `The request body must contain the following parameter: '${p}'.`,
  onlyPost: (m: string) => `The endpoint only accepts POST, OPTIONS requests. Received a ${m} request.`,
  unsupportedGrant: (g: string) => `The app requested an unsupported grant type '${g}'.`,
  badAssertionType: () => `The client_assertion_type parameter must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.`,
  malformedJwt: () => `JWT token is invalid or malformed.`,
  badAlg: (a: string) => `The client assertion uses an unsupported signing algorithm '${a}'. Use PS256 or RS256.`,
  noThumbprint: () => `The client assertion has no 'x5t#S256' or 'x5t' header to identify the certificate used to sign it.`,
  appNotFound: (appId: string, tenant: string) =>
    `Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  keyNotFound: (thumb: string, appId: string) =>
    `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumb}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'.]`,
  badSignature: (reason: string, thumb: string, appId: string) =>
    `Client assertion contains an invalid signature. [Reason - ${reason}, Thumbprint of key used by client: '${thumb}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'.]`,
  badAudience: (aud: string, expected: string) => `Client assertion audience claim does not match Realm issuer. Audience in assertion: '${aud}', expected the token endpoint '${expected}'.`,
  issuerSubject: () => `Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .`,
  timeRange: (now: number, nbf: number | undefined, exp: number | undefined) =>
    `Client assertion is not within its valid time range. Current time: ${iso(now)}, assertion valid from ${nbf === undefined ? "(none)" : iso(nbf * 1000)}, expiry time of assertion ${exp === undefined ? "(none)" : iso(exp * 1000)}. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .`,
  appDisabled: (appId: string, name: string) => `Application '${appId}'(${name}) is disabled.`,
  conditionalAccess: () => `Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.`,
  resourceNotFound: (resource: string, tenant: string) =>
    `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  scopeNotDefault: (scope: string) =>
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  throttled: () => `TenantThrottlingError - There are too many incoming requests. This exception is thrown for blocked tenants.`,
  serverError: () => `There was an error issuing a token or an issue with our sign-in service.`,
  transient: () => `A transient error has occurred. Please try again.`,
};

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, ".0000000Z");
}

/** Body for an injected fault on the token endpoint, by status. */
export function entraFault(ctx: RequestContext, status: number, headers: Record<string, string>): Reply {
  if (status === 429) return entraError(ctx, 429, "temporarily_unavailable", 90055, entraText.throttled(), headers);
  if (status === 503 || status === 504) return entraError(ctx, status, "temporarily_unavailable", 90033, entraText.transient(), headers);
  if (status >= 500) return entraError(ctx, status, "server_error", 50000, entraText.serverError(), headers);
  return entraError(ctx, status, "invalid_request", 90033, entraText.transient(), headers);
}

/** Body for an injected fault on Graph, by status. */
export function graphFault(ctx: RequestContext, status: number, headers: Record<string, string>): Reply {
  if (status === 429) return graphError(ctx, 429, "TooManyRequests", "Too many requests, retry after the time given in Retry-After.", headers);
  if (status === 503) return graphError(ctx, 503, "serviceNotAvailable", "The service is temporarily unavailable, retry after the time given in Retry-After.", headers);
  if (status === 504) return graphError(ctx, 504, "GatewayTimeout", "The gateway did not receive a response in time.", headers);
  if (status >= 500) return graphError(ctx, status, "InternalServerError", "An internal server error occurred (injected by the simulator).", headers);
  return graphError(ctx, status, "BadRequest", "Injected fault.", headers);
}
