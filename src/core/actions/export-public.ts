// "Export (Public Key Only)...": the certificate for the Azure Portal's Upload certificate, as DER (.cer/.der)
// or PEM (.pem/.crt), chosen by the file name unless a format is given.
import { formatFromPath, type PublicFormat } from "../crypto/x509.js";
import { IbiError } from "../errors.js";
import type { CertificateView, Profile } from "../store/profile.js";
import { writeOutputFile } from "./files.js";

export interface ExportPublicOptions {
  /** the file to write; without it the data is only returned (PEM only: DER is binary) */
  out?: string;
  /** pem or der; default: from the file name, else pem */
  format?: PublicFormat;
  /** replace an existing file */
  overwrite?: boolean;
}

export interface ExportPublicResult {
  certificate: CertificateView;
  format: PublicFormat;
  /** the absolute path written, when `out` was given */
  file?: string;
  data: Buffer;
}

/** The format a public export to `out` gets, or an error when the requested one contradicts the file name. */
export function exportFormat(out: string | undefined, format: PublicFormat | undefined): PublicFormat {
  const fromPath = out ? formatFromPath(out) : undefined;
  if (format && fromPath && format !== fromPath)
    throw new IbiError("format_mismatch", `the format ${format} does not match the extension of ${out}`, {
      hint: ".cer/.der are DER, .pem/.crt are PEM; change the format or the file name",
    });
  return format ?? fromPath ?? "pem";
}

export async function exportPublic(profile: Profile, ref: string, opts: ExportPublicOptions = {}): Promise<ExportPublicResult> {
  const certificate = profile.findCertificate(ref);
  const format = exportFormat(opts.out, opts.format);
  if (!opts.out && format === "der") throw new IbiError("der_needs_file", "DER is binary: it can only be written to a file", { hint: "give a file name, e.g. IBI-helpMe.cer" });
  const data = profile.exportPublicCertificate(certificate.thumbprintSha256, format);
  if (!opts.out) return { certificate, format, data };
  const file = await writeOutputFile(opts.out, data, opts.overwrite ?? false);
  return { certificate, format, file, data };
}
