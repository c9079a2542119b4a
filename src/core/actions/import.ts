// "Import...": a PFX/P12 or a PEM file holding a certificate and its private key. Whether a password is needed
// is decided here, from the file, and asked through the front end's callback (a prompt, a dialog).
import { resolve } from "node:path";
import { EXPIRY_WARNING_DAYS, expiryState } from "../crypto/expiry.js";
import { importCertificateFile } from "../crypto/import.js";
import type { CertificateView, Profile } from "../store/profile.js";
import { readInputFile } from "./files.js";

/**
 * Which password a file needs: "pfx" for a PKCS#12 file (usually protected; an empty password is tried when none
 * is given), "key" for a PEM whose private key is encrypted (PKCS#8 ENCRYPTED PRIVATE KEY, or the legacy OpenSSL
 * form with Proc-Type: 4,ENCRYPTED), undefined for a PEM with a plain key.
 */
export type PasswordKind = "pfx" | "key";

export function passwordKind(data: Buffer): PasswordKind | undefined {
  const text = data.toString("latin1");
  if (!text.includes("-----BEGIN")) return "pfx";
  return /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(text) ? "key" : undefined;
}

/** Reads the file and says which password, if any, importing it needs (the dashboard asks before importing). */
export async function importPasswordKind(path: string): Promise<PasswordKind | undefined> {
  return passwordKind(await readInputFile(path));
}

export interface ImportOptions {
  /** Asked only when the file needs a password; undefined means none is available (an empty one is tried for a PFX). */
  askPassword: (kind: PasswordKind, file: string) => Promise<string | undefined>;
}

/** The imported certificate, with a warning when it is expired or expires soon (the one rule of crypto/expiry.ts). */
export type ImportedCertificate = CertificateView & { warning?: string };

export async function importCertificate(profile: Profile, path: string, opts: ImportOptions): Promise<ImportedCertificate> {
  const file = resolve(path);
  const data = await readInputFile(file);
  const kind = passwordKind(data);
  const password = kind ? await opts.askPassword(kind, file) : undefined;
  const material = await importCertificateFile(data, password);
  const added = await profile.importCertificate(material);
  const warning = expiryWarning(added);
  return warning ? { ...added, warning } : added;
}

/** Imported anyway (it may be what the admin has to move), but said plainly: Entra ID refuses an expired one. */
export function expiryWarning(c: Pick<CertificateView, "thumbprintSha1" | "notAfter" | "daysLeft">): string | undefined {
  const date = c.notAfter.slice(0, 10);
  switch (expiryState(c.daysLeft)) {
    case "expired":
      return `certificate ${c.thumbprintSha1} expired on ${date}: Entra ID refuses it for sign-in; generate or import a current one`;
    case "soon":
      return `certificate ${c.thumbprintSha1} expires on ${date} (${c.daysLeft} day${c.daysLeft === 1 ? "" : "s"} left, ${EXPIRY_WARNING_DAYS} or fewer): plan its rotation`;
    default:
      return undefined;
  }
}
