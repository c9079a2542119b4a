// When a certificate counts as "expiring soon": one rule for the check, `cert list`, `doctor` and the dashboard.

/** Warn when this many days or fewer are left (Entra ID does not warn; the admin needs time to rotate). */
export const EXPIRY_WARNING_DAYS = 30;

export type ExpiryState = "ok" | "soon" | "expired";

export function expiryState(daysLeft: number): ExpiryState {
  if (daysLeft < 0) return "expired";
  return daysLeft <= EXPIRY_WARNING_DAYS ? "soon" : "ok";
}
