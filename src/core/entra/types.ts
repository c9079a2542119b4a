// Shapes of the "Test connection" check: its input (already resolved hosts and the active certificate) and the
// report the CLI and the dashboard render.
import type { Cloud } from "../validate.js";

export interface CheckCertificate {
  certPem: string;
  /** unencrypted PEM (PKCS#8 or PKCS#1); never put into a message */
  keyPem: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
  notAfter: string;
  daysLeft: number;
}

export interface CheckInput {
  tenantId: string;
  applicationId: string;
  cloud: Cloud;
  /** "https://host[:port]", already resolved from cloud/overrides */
  authorityHost: string;
  /** "https://host[:port]" */
  graphHost: string;
  certificate: CheckCertificate;
  /** default true; false = judge by the token's roles only */
  probe?: boolean;
  /** per request, default 15000 */
  timeoutMs?: number;
  now?: () => number;
}

export interface ProbeResult {
  ok: boolean;
  status: number | null;
  /** Graph error code ("Authorization_RequestDenied"), or "network" / "tls" / "timeout" */
  code: string | null;
  note?: string;
}

export interface PermissionResult {
  name: string;
  /** listed exactly in the token's roles claim */
  granted: boolean;
  /** the broader permission in the token that includes this one, when not granted exactly */
  coveredBy: string | null;
  probe: ProbeResult | null;
  ok: boolean;
  hint: string | null;
}

export interface AuthenticationResult {
  ok: boolean;
  /** e.g. "AADSTS700027", "network", "tls", "timeout", "clock_skew", "tenant_not_found", "empty_token" */
  code: string | null;
  message: string;
  hint: string | null;
}

export interface CheckResult {
  ok: boolean;
  tenantId: string;
  applicationId: string;
  cloud: string;
  authorityHost: string;
  graphHost: string;
  certificate: { thumbprintSha1: string; thumbprintSha256: string; notAfter: string; daysLeft: number; expiresSoon: boolean };
  authentication: AuthenticationResult;
  permissions: PermissionResult[];
  consentUrl: string;
  warnings: string[];
  durationMs: number;
}

/** Codes of failures that say nothing about the configuration: the network, TLS or a timeout got in the way. */
export const TRANSPORT_CODES: ReadonlySet<string> = new Set(["network", "tls", "timeout"]);
