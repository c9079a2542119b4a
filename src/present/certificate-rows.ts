// A certificate as the admin sees it in a list, the same in `cert list` and in the dashboard.
import { join } from "node:path";
import type { CertificateView } from "../core/store/profile.js";
import { clean } from "./text.js";

export const EXPIRY_WARNING_DAYS = 30;

export interface CertificateRow {
  active: boolean;
  subject: string;
  thumbprint: string;
  expires: string;
  /** "729 days", "12 days" or "expired"; `warning` says whether to mark it */
  daysLeft: string;
  warning: "none" | "soon" | "expired";
}

export function certificateRow(c: CertificateView, thumbprintWidth = 40): CertificateRow {
  const tp = c.thumbprintSha1;
  return {
    active: c.active,
    subject: clean(c.subject, 200),
    thumbprint: tp.length > thumbprintWidth ? `${tp.slice(0, thumbprintWidth - 1)}…` : tp,
    expires: c.notAfter.slice(0, 10),
    daysLeft: c.daysLeft < 0 ? "expired" : `${c.daysLeft} day${c.daysLeft === 1 ? "" : "s"}`,
    warning: c.daysLeft < 0 ? "expired" : c.daysLeft < EXPIRY_WARNING_DAYS ? "soon" : "none",
  };
}

/** Where "Export (Public Key Only)..." suggests saving: the profile folder, named like the guide's tool does. */
export function defaultExportPath(profileDir: string, c: Pick<CertificateView, "thumbprintSha1">, ext: "cer" | "pfx"): string {
  return join(profileDir, `IBI-helpMe-${c.thumbprintSha1.slice(0, 8)}.${ext}`);
}
