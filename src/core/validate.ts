// Validators return `true` or a one-line message that names the field and what is accepted
// (the CLI for Microsoft 365 convention), so the CLI and the dashboard show the same words.

export const CLOUDS = ["global", "usgov", "usgovdod", "china"] as const;
export type Cloud = (typeof CLOUDS)[number];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A DNS name with at least one dot, labels of 1-63 letters, digits or hyphens, not starting or ending with a hyphen.
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function validateTenantId(value: string): true | string {
  const v = value.trim();
  if (v === "") return "Tenant ID is empty: enter the Directory (tenant) ID, a GUID, or a domain such as contoso.onmicrosoft.com";
  if (GUID.test(v) || DOMAIN.test(v)) {
    if (["common", "organizations", "consumers"].includes(v.toLowerCase())) return tenantMsg(v);
    return true;
  }
  return tenantMsg(v);
}

function tenantMsg(v: string): string {
  return `Tenant ID "${printable(v)}" is not valid: use the Directory (tenant) ID, a GUID like 00000000-0000-0000-0000-000000000000, or a domain such as contoso.onmicrosoft.com`;
}

export function validateApplicationId(value: string): true | string {
  const v = value.trim();
  if (v === "") return "Application ID is empty: enter the Application (client) ID, a GUID";
  if (GUID.test(v)) return true;
  return `Application ID "${printable(v)}" is not valid: use the Application (client) ID, a GUID like 00000000-0000-0000-0000-000000000000`;
}

export function validateCloud(value: string): true | string {
  if ((CLOUDS as readonly string[]).includes(value)) return true;
  return `cloud "${printable(value)}" is not valid: use one of ${CLOUDS.join(", ")}`;
}

/** Authority and Graph hosts: an https URL with a host and optional port, no path, query or credentials. */
export function validateHttpsHost(field: string, value: string): true | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${field} "${printable(value)}" is not valid: use an https URL such as https://login.microsoftonline.com`;
  }
  if (url.protocol !== "https:") return `${field} "${printable(value)}" is not valid: only https URLs are accepted`;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== ""))
    return `${field} "${printable(value)}" is not valid: give only the scheme, host and optional port, e.g. https://login.microsoftonline.com`;
  return true;
}

/** Normalises a validated host URL to "https://host[:port]" without a trailing slash. */
export function normaliseHost(value: string): string {
  const url = new URL(value);
  return `${url.protocol}//${url.host}`;
}

/**
 * Keeps user input printable in messages (bounded length): control characters become "?", and invisible format
 * characters (Unicode Cf: bidi overrides such as U+202E, zero-width characters, BOM) and line/paragraph separators
 * are shown escaped (U+202E as \u202e), so that what is echoed reads as what was typed.
 */
export function printable(value: string, max = 80): string {
  const clean = value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "?")
    .replace(/[\p{Cf}\p{Zl}\p{Zp}]/gu, (ch) => {
      const cp = ch.codePointAt(0)!;
      return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, "0")}`;
    });
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
