// Reads the access token's claims without validating it: Microsoft calls parsing Graph tokens unsupported, so
// the roles claim is a hint and the live probe is the proof.
import type { RequiredPermission } from "../clouds.js";

/** Decodes a JWT's payload; null when it is not a JWT with a JSON object payload. */
export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return payload !== null && typeof payload === "object" && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Application permissions in the token's `roles` claim (absent when none are consented). */
export function tokenRoles(token: string): string[] {
  const roles = decodeJwtPayload(token)?.["roles"];
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
}

// Broader Graph application permissions that include each required one, narrowest first, so the report names
// the least surprising one when several are present.
export const COVERING_PERMISSIONS: Record<RequiredPermission, readonly string[]> = {
  "Device.Read.All": ["Device.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  "User.Read.All": ["User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  "GroupMember.Read.All": [
    "GroupMember.ReadWrite.All",
    "Group.Read.All",
    "Group.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
};

export interface Grant {
  granted: boolean;
  coveredBy: string | null;
}

/** Judges one permission against the roles claim (role values compare case-insensitively, as Entra's do). */
export function judgeGrant(permission: RequiredPermission, roles: readonly string[]): Grant {
  const have = new Set(roles.map((r) => r.toLowerCase()));
  if (have.has(permission.toLowerCase())) return { granted: true, coveredBy: null };
  const cover = COVERING_PERMISSIONS[permission].find((p) => have.has(p.toLowerCase()));
  return { granted: false, coveredBy: cover ?? null };
}
