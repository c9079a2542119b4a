// A certificate as the admin sees it in a list, the same in `cert list` and in the dashboard.
import { join } from "node:path";
import { EXPIRY_WARNING_DAYS, expiryState } from "../core/crypto/expiry.js";
import type { CertificateView } from "../core/store/profile.js";
import type { SecretStoreKind } from "../core/store/secret-store/types.js";
import { clean } from "./text.js";

export { EXPIRY_WARNING_DAYS };

export interface CertificateRow {
  active: boolean;
  subject: string;
  thumbprint: string;
  expires: string;
  /** "729 days", "12 days" or "expired"; `warning` says whether to mark it */
  daysLeft: string;
  /** the "Days left" column's value: "729", "12" or "expired" */
  days: string;
  /** "soon" with EXPIRY_WARNING_DAYS days or fewer left */
  warning: "none" | "soon" | "expired";
  key: string;
  store: "keychain" | "vault";
}

/**
 * The store's name wherever an admin reads it (tables, dialogs, --json): "vault" for the encrypted vault file, which
 * IBI_ENTRA_SECRET_STORE=file selects (that value, and "file" in the profile's own index, stay as they were).
 */
export function storeName(kind: SecretStoreKind): "keychain" | "vault" {
  return kind === "keychain" ? "keychain" : "vault";
}

export function certificateRow(c: CertificateView, thumbprintWidth = 40): CertificateRow {
  const tp = c.thumbprintSha1;
  const state = expiryState(c.daysLeft);
  return {
    active: c.active,
    subject: clean(c.subject, 200),
    thumbprint: tp.length > thumbprintWidth ? `${tp.slice(0, thumbprintWidth - 1)}…` : tp,
    expires: c.notAfter.slice(0, 10),
    daysLeft: state === "expired" ? "expired" : `${c.daysLeft} day${c.daysLeft === 1 ? "" : "s"}`,
    days: state === "expired" ? "expired" : String(c.daysLeft),
    warning: state === "ok" ? "none" : state,
    key: `RSA ${c.keySize}`,
    store: storeName(c.store),
  };
}

/** The "Days left" cell with its mark (the caller's symbols: Unicode or ASCII), aligned whether marked or not. */
export function daysLeftCell(row: CertificateRow, sym: { warn: string; bad: string }): string {
  if (row.warning === "expired") return `${sym.bad} ${row.days}`;
  if (row.warning === "soon") return `${sym.warn} ${row.days}`;
  return `  ${row.days}`;
}

/** Where "Export (Public Key Only)..." suggests saving: the profile folder, named like the guide's tool does. */
export function defaultExportPath(profileDir: string, c: Pick<CertificateView, "thumbprintSha1">, ext: "cer" | "pfx"): string {
  return join(profileDir, `IBI-helpMe-${c.thumbprintSha1.slice(0, 8)}.${ext}`);
}
