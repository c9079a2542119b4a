// "Export PFX...": certificate and private key in a password-protected PKCS#12 file, for another host.
import { resolve } from "node:path";
import { IbiError } from "../errors.js";
import type { CertificateView, Profile } from "../store/profile.js";
import { pathState, writeOutputFile } from "./files.js";

export interface ExportPfxOptions {
  out: string;
  overwrite?: boolean;
  /** asked only once the target is known to be writable, so nobody types a password for nothing */
  password: () => Promise<string>;
}

export async function exportPfx(profile: Profile, ref: string, opts: ExportPfxOptions): Promise<{ certificate: CertificateView; file: string }> {
  const certificate = profile.findCertificate(ref);
  const file = resolve(opts.out);
  const state = await pathState(file);
  if (state === "directory") throw new IbiError("is_directory", `${file} is a directory; nothing was written`, { hint: "give a file name, e.g. add /IBI-helpMe.pfx" });
  if (state === "file" && !opts.overwrite)
    throw new IbiError("file_exists", `${file} exists already; nothing was written`, { hint: "allow overwriting it, or choose another file name" });
  const password = await opts.password();
  if (password === "") throw new IbiError("empty_secret", "PFX password must not be empty", { hint: "choose a password for the PFX file" });
  await writeOutputFile(file, await profile.exportPfx(certificate.thumbprintSha256, password), true);
  return { certificate, file };
}
