// "Export PFX...": certificate and private key in a password-protected PKCS#12 file, for another host.
import { IbiError } from "../errors.js";
import type { CertificateView, Profile } from "../store/profile.js";
import { checkOutputPath, writeOutputFile } from "./files.js";

export interface ExportPfxOptions {
  out: string;
  overwrite?: boolean;
  /** asked only once the target is known to be writable, so nobody types a password for nothing */
  password: () => Promise<string>;
}

export async function exportPfx(profile: Profile, ref: string, opts: ExportPfxOptions): Promise<{ certificate: CertificateView; file: string }> {
  const certificate = profile.findCertificate(ref);
  const file = await checkOutputPath(opts.out, opts.overwrite ?? false);
  const password = await opts.password();
  if (password === "") throw new IbiError("empty_secret", "PFX password must not be empty", { hint: "choose a password for the PFX file" });
  await writeOutputFile(file, await profile.exportPfx(certificate.thumbprintSha256, password), true);
  return { certificate, file };
}
