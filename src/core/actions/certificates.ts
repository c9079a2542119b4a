// Generate, activate and delete: the certificate actions that need no file of the admin's.
import { validateDays, validateSubject, type KeySize } from "../crypto/generate.js";
import { IbiError } from "../errors.js";
import type { CertificateView, DeleteCertificateOptions, Profile } from "../store/profile.js";

export interface GenerateOptions {
  keySize?: KeySize;
  subject?: string;
  days?: number;
}

/** "Generate": a new self-signed certificate; the first one of a profile becomes active. */
export async function generateCertificate(profile: Profile, opts: GenerateOptions = {}): Promise<CertificateView> {
  // Checked before the key is generated (and before a vault asks for its passphrase).
  if (opts.subject !== undefined) {
    const subject = validateSubject(opts.subject);
    if (subject !== true) throw new IbiError("invalid_subject", subject, { hint: "give a subject with a CN", next: [{ action: "setInput", field: "subject", example: "CN=IBI-helpMe" }] });
  }
  if (opts.days !== undefined) {
    const days = validateDays(opts.days);
    if (days !== true) throw new IbiError("invalid_days", days, { hint: "give the validity in days", next: [{ action: "setInput", field: "days", example: "730" }] });
  }
  return profile.generateCertificate(opts);
}

/** Makes the certificate the one used to sign in; activating the active one changes nothing. */
export async function activateCertificate(profile: Profile, ref: string): Promise<CertificateView> {
  const target = profile.findCertificate(ref);
  if (target.active) return target;
  return profile.activateCertificate(target.thumbprintSha256);
}

export interface DeleteResult {
  deleted: CertificateView;
  /** the active certificate after the deletion, if any is left */
  active: CertificateView | undefined;
}

/** What deleting this certificate would do, for a front end to ask before it does: a user decides on consequences. */
export async function deletionImpact(profile: Profile, ref: string): Promise<{ certificate: CertificateView; last: boolean; configBecomesPlain: boolean }> {
  const certificate = profile.findCertificate(ref);
  const last = profile.listCertificates().length === 1;
  const configBecomesPlain = last && (await profile.settingsFileState()) === "encrypted";
  return { certificate, last, configBecomesPlain };
}

/** Deletes a certificate and its private key; the active one (and with `guardLast` the last one) only with `force`. */
export async function deleteCertificate(profile: Profile, ref: string, opts: DeleteCertificateOptions = {}): Promise<DeleteResult> {
  const deleted = await profile.deleteCertificate(ref, opts);
  return { deleted, active: profile.activeCertificate() };
}
